import { reinstateLicense } from "@keyway/core";
import { License, LicenseActionInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const reinstateLicenseProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/licenses/{licenseId}/reinstate",
      tags: ["licenses"],
      errorResponses: {
        401: "Missing or invalid API credentials",
        403: "Revoked",
        404: "No such license for this vendor",
        409: "Pending",
      },
      summary: "Reinstate a license",
      description: "suspended → active. Idempotent.",
    },
  })
  .input(LicenseActionInput)
  .output(License)
  .mutation(({ ctx, input }) =>
    reinstateLicense(ctx.db, {
      ...input,
      vendorId: ctx.vendor.vendorId,
      actor: ctx.vendor.actor,
    }),
  );

import { suspendLicense } from "@keyway/core";
import { License, LicenseActionInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const suspendLicenseProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/licenses/{licenseId}/suspend",
      tags: ["licenses"],
      errorResponses: {
        401: "Missing or invalid API credentials",
        403: "Revoked",
        404: "No such license for this vendor",
        409: "Pending",
      },
      summary: "Suspend a license",
      description: "active → suspended: verification refuses it until reinstated. Idempotent.",
    },
  })
  .input(LicenseActionInput)
  .output(License)
  .mutation(({ ctx, input }) =>
    suspendLicense(ctx.db, {
      ...input,
      vendorId: ctx.vendor.vendorId,
      actor: ctx.vendor.actor,
    }),
  );

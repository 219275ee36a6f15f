import { revokeLicense } from "@keyway/core";
import { License, LicenseActionInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const revokeLicenseProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/licenses/{licenseId}/revoke",
      tags: ["licenses"],
      errorResponses: { 401: "Missing or invalid API credentials", 404: "No such license for this vendor" },
      summary: "Revoke a license",
      description: "Ends the license for good. Idempotent.",
    },
  })
  .input(LicenseActionInput)
  .output(License)
  .mutation(({ ctx, input }) =>
    revokeLicense(ctx.db, {
      ...input,
      vendorId: ctx.vendor.vendorId,
      actor: ctx.vendor.actor,
    }),
  );

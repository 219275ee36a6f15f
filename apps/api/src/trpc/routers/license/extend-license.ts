import { extendLicense } from "@keyway/core";
import { ExtendLicenseInput, License } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const extendLicenseProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/licenses/{licenseId}/extend",
      tags: ["licenses"],
      errorResponses: {
        401: "Missing or invalid API credentials",
        403: "Revoked",
        404: "No such license for this vendor",
      },
      summary: "Set a license's expiry",
      description: "Sets `expiresAt` by hand (null = perpetual). Does not lift a suspension or a revocation.",
    },
  })
  .input(ExtendLicenseInput)
  .output(License)
  .mutation(({ ctx, input }) =>
    extendLicense(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      licenseId: input.licenseId,
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      reason: input.reason,
      actor: ctx.vendor.actor,
    }),
  );

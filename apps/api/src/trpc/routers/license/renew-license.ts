import { renewVendorLicense } from "@keyway/core";
import { License, RenewLicenseInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const renewLicenseProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/licenses/{licenseId}/renew",
      tags: ["licenses"],
      errorResponses: {
        400: "No cycle to renew by",
        401: "Missing or invalid API credentials",
        403: "Revoked or suspended",
        404: "No such license for this vendor",
      },
      summary: "Renew a license",
      description:
        "Extends by one period (default: the license's cycle) from the later of now and the current expiry; re-activates an expired or pending license.",
    },
  })
  .input(RenewLicenseInput)
  .output(License)
  .mutation(({ ctx, input }) =>
    renewVendorLicense(ctx.db, {
      ...input,
      vendorId: ctx.vendor.vendorId,
      actor: ctx.vendor.actor,
    }),
  );

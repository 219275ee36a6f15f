import { renewVendorLicense } from "@keyway/core";
import { License, RenewLicenseInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const renewLicenseProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/licenses/{licenseId}/renew",
      tags: ["licenses"],
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
      actor: `api:${ctx.vendor.credentialId}`,
    }),
  );

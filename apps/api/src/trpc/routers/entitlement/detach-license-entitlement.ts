import { detachEntitlement } from "@keyway/core";
import { EntitlementGrants, LicenseEntitlementInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const detachLicenseEntitlementProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "DELETE",
      path: "/licenses/{licenseId}/entitlements/{entitlementId}",
      tags: ["entitlements"],
      summary: "Detach an entitlement from a license",
      description:
        "From the next validation on, the license no longer grants it (a license may still have it from elsewhere). Detaching what is not attached changes nothing.",
      errorResponses: {
        401: "Missing or invalid API credentials",
        404: "No such license or entitlement for this vendor",
      },
    },
  })
  .input(LicenseEntitlementInput)
  .output(EntitlementGrants)
  .mutation(({ ctx, input }) =>
    detachEntitlement(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      holder: "license",
      holderId: input.licenseId,
      entitlementId: input.entitlementId,
    }),
  );

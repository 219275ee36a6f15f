import { attachEntitlement } from "@keyway/core";
import { EntitlementGrants, LicenseEntitlementInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const attachLicenseEntitlementProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "PUT",
      path: "/licenses/{licenseId}/entitlements/{entitlementId}",
      tags: ["entitlements"],
      summary: "Attach an entitlement to a license",
      description:
        "From the next validation on, this license grants it, whatever its product and plan. Attaching it again changes nothing. Answers the license's own codes.",
      errorResponses: {
        401: "Missing or invalid API credentials",
        404: "No such license or entitlement for this vendor",
      },
    },
  })
  .input(LicenseEntitlementInput)
  .output(EntitlementGrants)
  .mutation(({ ctx, input }) =>
    attachEntitlement(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      holder: "license",
      holderId: input.licenseId,
      entitlementId: input.entitlementId,
    }),
  );

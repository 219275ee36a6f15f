import { entitlementGrantsOf } from "@keyway/core";
import { EntitlementGrants, LicenseIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const listLicenseEntitlementsProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/licenses/{licenseId}/entitlements",
      tags: ["entitlements"],
      summary: "List a license's own entitlement grants",
      description:
        "The codes granted to this license itself (`PUT /licenses/{licenseId}/entitlements/{entitlementId}`). Its effective set, with its product's, plan's and active add-ons', is the license's `entitlements`.",
      errorResponses: { 401: "Missing or invalid API credentials", 404: "No such license for this vendor" },
    },
  })
  .input(LicenseIdInput)
  .output(EntitlementGrants)
  .query(({ ctx, input }) =>
    entitlementGrantsOf(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      holder: "license",
      holderId: input.licenseId,
    }),
  );

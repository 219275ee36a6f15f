import { attachEntitlement } from "@keyway/core";
import { EntitlementGrants, ProductEntitlementInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const attachProductEntitlementProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "PUT",
      path: "/products/{productId}/entitlements/{entitlementId}",
      tags: ["entitlements"],
      summary: "Attach an entitlement to a product",
      description:
        "From the next validation on, every license of the product grants it. Attaching it again changes nothing. Answers the product's own codes.",
      errorResponses: {
        401: "Missing or invalid API credentials",
        404: "No such product or entitlement for this vendor",
      },
    },
  })
  .input(ProductEntitlementInput)
  .output(EntitlementGrants)
  .mutation(({ ctx, input }) =>
    attachEntitlement(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      holder: "product",
      holderId: input.productId,
      entitlementId: input.entitlementId,
    }),
  );

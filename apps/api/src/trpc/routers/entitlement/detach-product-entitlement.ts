import { detachEntitlement } from "@keyway/core";
import { EntitlementGrants, ProductEntitlementInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const detachProductEntitlementProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "DELETE",
      path: "/products/{productId}/entitlements/{entitlementId}",
      tags: ["entitlements"],
      summary: "Detach an entitlement from a product",
      description:
        "From the next validation on, the product no longer grants it (a license may still have it from elsewhere). Detaching what is not attached changes nothing.",
      errorResponses: {
        401: "Missing or invalid API credentials",
        404: "No such product or entitlement for this vendor",
      },
    },
  })
  .input(ProductEntitlementInput)
  .output(EntitlementGrants)
  .mutation(({ ctx, input }) =>
    detachEntitlement(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      holder: "product",
      holderId: input.productId,
      entitlementId: input.entitlementId,
    }),
  );

import { createEntitlement } from "@keyway/core";
import { CreateEntitlementInput, Entitlement } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const createEntitlementProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/entitlements",
      tags: ["entitlements"],
      summary: "Create an entitlement",
      description:
        "A named feature code (`PRO_EXPORT`: capital letters, digits and underscores) to attach to products, plans and licenses. Validation answers a license's codes in `entitlements`.",
      errorResponses: {
        400: "Invalid input (the code's shape)",
        401: "Missing or invalid API credentials",
        409: "You already have an entitlement with this code",
      },
    },
  })
  .input(CreateEntitlementInput)
  .output(Entitlement)
  .mutation(({ ctx, input }) => createEntitlement(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

import { getEntitlement } from "@keyway/core";
import { Entitlement, EntitlementIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const getEntitlementProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/entitlements/{entitlementId}",
      tags: ["entitlements"],
      summary: "Get an entitlement",
      errorResponses: {
        401: "Missing or invalid API credentials",
        404: "No such entitlement for this vendor",
      },
    },
  })
  .input(EntitlementIdInput)
  .output(Entitlement)
  .query(({ ctx, input }) => getEntitlement(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

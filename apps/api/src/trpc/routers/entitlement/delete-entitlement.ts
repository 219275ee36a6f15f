import { deleteEntitlement } from "@keyway/core";
import { EntitlementDeleted, EntitlementIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const deleteEntitlementProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "DELETE",
      path: "/entitlements/{entitlementId}",
      tags: ["entitlements"],
      summary: "Delete an entitlement",
      description: "Removes it from every product, plan and license: validation stops answering it at once.",
      errorResponses: {
        401: "Missing or invalid API credentials",
        404: "No such entitlement for this vendor",
      },
    },
  })
  .input(EntitlementIdInput)
  .output(EntitlementDeleted)
  .mutation(({ ctx, input }) => deleteEntitlement(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

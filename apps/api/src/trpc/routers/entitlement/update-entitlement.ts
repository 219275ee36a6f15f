import { updateEntitlement } from "@keyway/core";
import { Entitlement, UpdateEntitlementInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const updateEntitlementProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "PATCH",
      path: "/entitlements/{entitlementId}",
      tags: ["entitlements"],
      summary: "Change an entitlement",
      description:
        "Omitted fields stay as they are. A new code is what every license holding it answers from the next validation.",
      errorResponses: {
        400: "Invalid input (the code's shape)",
        401: "Missing or invalid API credentials",
        404: "No such entitlement for this vendor",
        409: "You already have an entitlement with this code",
      },
    },
  })
  .input(UpdateEntitlementInput)
  .output(Entitlement)
  .mutation(({ ctx, input }) => updateEntitlement(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

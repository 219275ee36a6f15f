import { detachEntitlement } from "@keyway/core";
import { EntitlementGrants, PlanEntitlementInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const detachPlanEntitlementProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "DELETE",
      path: "/plans/{planId}/entitlements/{entitlementId}",
      tags: ["entitlements"],
      summary: "Detach an entitlement from a plan",
      description:
        "From the next validation on, the plan no longer grants it (a license may still have it from elsewhere). Detaching what is not attached changes nothing.",
      errorResponses: {
        401: "Missing or invalid API credentials",
        404: "No such plan or entitlement for this vendor",
      },
    },
  })
  .input(PlanEntitlementInput)
  .output(EntitlementGrants)
  .mutation(({ ctx, input }) =>
    detachEntitlement(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      holder: "plan",
      holderId: input.planId,
      entitlementId: input.entitlementId,
    }),
  );

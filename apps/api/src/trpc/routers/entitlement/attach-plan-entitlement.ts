import { attachEntitlement } from "@keyway/core";
import { EntitlementGrants, PlanEntitlementInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const attachPlanEntitlementProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "PUT",
      path: "/plans/{planId}/entitlements/{entitlementId}",
      tags: ["entitlements"],
      summary: "Attach an entitlement to a plan",
      description:
        "From the next validation on, every license on the plan grants it. Attaching it again changes nothing. Answers the plan's own codes.",
      errorResponses: {
        401: "Missing or invalid API credentials",
        404: "No such plan or entitlement for this vendor",
      },
    },
  })
  .input(PlanEntitlementInput)
  .output(EntitlementGrants)
  .mutation(({ ctx, input }) =>
    attachEntitlement(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      holder: "plan",
      holderId: input.planId,
      entitlementId: input.entitlementId,
    }),
  );

import { updatePlan } from "@keyway/core";
import { Plan, UpdatePlanInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const updatePlanProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "PATCH",
      path: "/plans/{planId}",
      tags: ["catalog"],
      summary: "Change a plan",
      description:
        "Omitted fields stay as they are; an expiry-policy field set to null follows the product's again.",
      errorResponses: {
        400: "Invalid input",
        401: "Missing or invalid API credentials",
        404: "No such plan for this vendor",
        409: "The product already has a plan with this name",
      },
    },
  })
  .input(UpdatePlanInput)
  .output(Plan)
  .mutation(({ ctx, input }) => updatePlan(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

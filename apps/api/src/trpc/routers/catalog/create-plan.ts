import { createPlan } from "@keyway/core";
import { CreatePlanInput, Plan } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const createPlanProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/plans",
      tags: ["catalog"],
      summary: "Create a plan",
      description: "Expiry-policy fields left out or null follow the product's policy.",
      errorResponses: {
        400: "Invalid input",
        401: "Missing or invalid API credentials",
        404: "No such product for this vendor",
        409: "The product already has a plan with this name",
      },
    },
  })
  .input(CreatePlanInput)
  .output(Plan)
  .mutation(({ ctx, input }) => createPlan(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

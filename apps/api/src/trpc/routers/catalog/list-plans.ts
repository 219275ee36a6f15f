import { listPlans } from "@keyway/core";
import { ListPlansInput, PlanList } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const listPlansProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/plans",
      tags: ["catalog"],
      summary: "List plans",
      errorResponses: { 401: "Missing or invalid API credentials" },
    },
  })
  .input(ListPlansInput)
  .output(PlanList)
  .query(({ ctx, input }) => listPlans(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

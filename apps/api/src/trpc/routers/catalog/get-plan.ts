import { getPlan } from "@keyway/core";
import { Plan, PlanIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const getPlanProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/plans/{planId}",
      tags: ["catalog"],
      summary: "Get a plan",
      errorResponses: { 401: "Missing or invalid API credentials", 404: "No such plan for this vendor" },
    },
  })
  .input(PlanIdInput)
  .output(Plan)
  .query(({ ctx, input }) => getPlan(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

import { setPlanArchived } from "@keyway/core";
import { Plan, PlanIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const archivePlanProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/plans/{planId}/archive",
      tags: ["catalog"],
      summary: "Take a plan off sale (its subscriptions keep running)",
      errorResponses: { 401: "Missing or invalid API credentials", 404: "No such plan for this vendor" },
    },
  })
  .input(PlanIdInput)
  .output(Plan)
  .mutation(({ ctx, input }) =>
    setPlanArchived(ctx.db, { ...input, vendorId: ctx.vendor.vendorId, archived: true }),
  );

import { setPlanArchived } from "@keyway/core";
import { Plan, PlanIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const restorePlanProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/plans/{planId}/restore",
      tags: ["catalog"],
      summary: "Put an archived plan back on sale",
      errorResponses: { 401: "Missing or invalid API credentials", 404: "No such plan for this vendor" },
    },
  })
  .input(PlanIdInput)
  .output(Plan)
  .mutation(({ ctx, input }) =>
    setPlanArchived(ctx.db, { ...input, vendorId: ctx.vendor.vendorId, archived: false }),
  );

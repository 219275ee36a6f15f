import { updatePlan } from "@keyway/core";
import { Plan, UpdatePlanInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const updatePlanProcedure = vendorProcedure
  .input(UpdatePlanInput)
  .output(Plan)
  .mutation(({ ctx, input }) => updatePlan(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

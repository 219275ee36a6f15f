import { createPlan } from "@keyway/core";
import { CreatePlanInput, Plan } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const createPlanProcedure = vendorProcedure
  .input(CreatePlanInput)
  .output(Plan)
  .mutation(({ ctx, input }) => createPlan(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

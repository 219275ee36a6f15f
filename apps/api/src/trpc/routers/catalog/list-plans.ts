import { listPlans } from "@keyway/core";
import { ListPlansInput, PlanList } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const listPlansProcedure = vendorProcedure
  .input(ListPlansInput)
  .output(PlanList)
  .query(({ ctx, input }) => listPlans(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

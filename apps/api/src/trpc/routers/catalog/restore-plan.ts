import { setPlanArchived } from "@keyway/core";
import { Plan, PlanIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const restorePlanProcedure = vendorProcedure
  .input(PlanIdInput)
  .output(Plan)
  .mutation(({ ctx, input }) =>
    setPlanArchived(ctx.db, { ...input, vendorId: ctx.vendor.vendorId, archived: false }),
  );

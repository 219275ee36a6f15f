import { getPlan } from "@keyway/core";
import { Plan, PlanIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const getPlanProcedure = vendorProcedure
  .input(PlanIdInput)
  .output(Plan)
  .query(({ ctx, input }) => getPlan(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

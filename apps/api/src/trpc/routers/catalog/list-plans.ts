import { listPlans } from "@keyway/core";
import { ListPlansInput, Plan } from "@keyway/schema";
import { z } from "zod";
import { vendorProcedure } from "../../procedures";

export const listPlansProcedure = vendorProcedure
  .input(ListPlansInput)
  .output(z.array(Plan))
  .query(({ ctx, input }) => listPlans(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

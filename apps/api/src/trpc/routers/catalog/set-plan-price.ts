import { setPlanPrice } from "@keyway/core";
import { Plan, SetPlanPriceInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

/** Creates or changes one billing cycle's price; `active: false` takes the cycle off sale. */
export const setPlanPriceProcedure = vendorProcedure
  .input(SetPlanPriceInput)
  .output(Plan)
  .mutation(({ ctx, input }) => setPlanPrice(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

import { getRenewals } from "@keyway/core";
import { Renewals, RenewalsInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

/** The console's renewals view: licenses due, past-due subscriptions, revenue recovered. */
export const getRenewalsProcedure = vendorProcedure
  .input(RenewalsInput)
  .output(Renewals)
  .query(({ ctx, input }) => getRenewals(ctx.db, { vendorId: ctx.vendor.vendorId, days: input.days }));

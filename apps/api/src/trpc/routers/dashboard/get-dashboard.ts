import { getDashboard } from "@keyway/core";
import { Dashboard, DashboardInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const getDashboardProcedure = vendorProcedure
  .input(DashboardInput)
  .output(Dashboard)
  .query(({ ctx, input }) => getDashboard(ctx.db, { vendorId: ctx.vendor.vendorId, days: input.days }));

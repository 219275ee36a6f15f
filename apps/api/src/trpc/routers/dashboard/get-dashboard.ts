import { getDashboard } from "@keyway/core";
import { Dashboard, DashboardInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const getDashboardProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/dashboard",
      tags: ["reports"],
      summary: "Revenue, new licenses and verifications per day",
      description:
        "The last `days` days in the vendor's time zone, live and test-mode money apart, with totals and the webhook endpoints that are failing.",
      errorResponses: { 400: "Invalid number of days", 401: "Missing or invalid API credentials" },
    },
  })
  .input(DashboardInput)
  .output(Dashboard)
  .query(({ ctx, input }) => getDashboard(ctx.db, { vendorId: ctx.vendor.vendorId, days: input.days }));

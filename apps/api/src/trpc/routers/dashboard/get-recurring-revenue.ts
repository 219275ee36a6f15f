import { getRecurringRevenue } from "@keyway/core";
import { RecurringRevenue, RecurringRevenueInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

/** The dashboard's MRR and renewals-against-churn charts (core's `getRecurringRevenue`). */
export const getRecurringRevenueProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/dashboard/recurring-revenue",
      tags: ["reports"],
      summary: "Monthly recurring revenue, renewals and churn per month",
      description:
        "The last `months` months in the vendor's time zone, the current one last: MRR at each month's end (subscriptions in a paid period at the price paid, yearly ones as a twelfth, net of refunds), renewal orders paid, subscriptions that ended, and licenses outside subscriptions that expired unrenewed. Live and test-mode money apart.",
      errorResponses: { 400: "Invalid number of months", 401: "Missing or invalid API credentials" },
    },
  })
  .input(RecurringRevenueInput)
  .output(RecurringRevenue)
  .query(({ ctx, input }) =>
    getRecurringRevenue(ctx.db, { vendorId: ctx.vendor.vendorId, months: input.months }),
  );

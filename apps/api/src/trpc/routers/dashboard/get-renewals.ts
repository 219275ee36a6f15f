import { getRenewals } from "@keyway/core";
import { Renewals, RenewalsInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

/** The console's renewals view: licenses due, past-due subscriptions, revenue recovered. */
export const getRenewalsProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/renewals",
      tags: ["reports"],
      summary: "Licenses due, past-due subscriptions and revenue recovered",
      description:
        "Active licenses whose term ends in the next `days` days (soonest first, at most 100) with the last reminder sent, past-due subscriptions with their pay link, and revenue won back: renewals paid in the last `days` days after a reminder or a missed payment, live and test-mode money apart.",
      errorResponses: { 400: "Invalid number of days", 401: "Missing or invalid API credentials" },
    },
  })
  .input(RenewalsInput)
  .output(Renewals)
  .query(({ ctx, input }) => getRenewals(ctx.db, { vendorId: ctx.vendor.vendorId, days: input.days }));

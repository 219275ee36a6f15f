import { z } from "zod";

/**
 * Contracts of the dashboard's recurring view (`GET /dashboard/recurring-revenue`): monthly
 * recurring revenue, and renewals against churn, per month in the vendor's time zone.
 */

export const RecurringRevenueInput = z.object({
  months: z.coerce.number<number>().int().min(1).max(24).default(12),
});

const Money = z.record(z.string(), z.number().int());

/** What renewed and what was lost in a month. */
export const RenewalChurn = z.object({
  /** Renewal orders paid in the month (a subscription's next period, or a license renewed). */
  renewed: z.number().int().meta({ example: 4 }),
  /** Subscriptions whose last paid period ended in the month: cancelled, or expired unpaid. */
  ended: z.number().int().meta({ example: 1 }),
  /** Licenses outside any subscription whose term ran out in the month and was not renewed. */
  expired: z.number().int().meta({ example: 2 }),
});
export type RenewalChurn = z.infer<typeof RenewalChurn>;

export const RecurringMonth = z.object({
  /** YYYY-MM in the vendor's time zone. */
  month: z.string().meta({ example: "2026-05" }),
  /**
   * Minor units per currency, at the month's end (now, for the current month): the price of every
   * subscription in a paid period, yearly ones counted as a twelfth, less what was refunded.
   */
  mrr: Money.meta({ example: { INR: 91483 } }),
  /** The same from test-mode orders (the sandbox): no money moved. */
  testMrr: Money.meta({ example: {} }),
  live: RenewalChurn,
  test: RenewalChurn,
});
export type RecurringMonth = z.infer<typeof RecurringMonth>;

export const RecurringRevenue = z
  .object({
    timezone: z.string().meta({ example: "Asia/Kolkata" }),
    currency: z.string().meta({ example: "INR" }),
    /** Oldest first; the last is the current month. */
    months: z.array(RecurringMonth),
  })
  .meta({ id: "RecurringRevenue" });
export type RecurringRevenue = z.infer<typeof RecurringRevenue>;

import type { DurationUnit } from "@keyway/db";
import { addDuration } from "../shared/duration";

/** One paid order of a subscription: when it was paid, the term it bought, its price per month. */
export interface PaidPeriod {
  paidAt: Date;
  durationValue: number;
  durationUnit: DurationUnit;
  /** Minor units per month (fractional until summed). */
  monthly: number;
  currency: string;
  test: boolean;
}

export interface SubscriptionPeriods {
  /** Its last paid period's end, once it ended or will end there (cancelled, expired); else null. */
  endsAt: Date | null;
  /** Oldest first. */
  paid: PaidPeriod[];
}

/** Average days in a month (365.25 / 12): a week or a day priced as a share of a month. */
const MONTH_DAYS = 30.4375;

/** An order's price per month: a year's is a twelfth, a week's 7/30.44 of a month's. */
export function monthlyShare(amount: number, value: number, unit: DurationUnit): number {
  const months =
    unit === "year"
      ? value * 12
      : unit === "month"
        ? value
        : unit === "week"
          ? (value * 7) / MONTH_DAYS
          : unit === "day"
            ? value / MONTH_DAYS
            : value / (MONTH_DAYS * 24);
  return months > 0 ? amount / months : 0;
}

/**
 * Monthly recurring revenue at `at`, per currency, live and test apart. Each payment extends the
 * subscription from the later of its payment and the paid term's end (as a renewal extends its
 * license); the subscription counts while `at` is inside that term, at the price of the payment
 * that bought it.
 */
export function recurringAt(
  subscriptions: SubscriptionPeriods[],
  at: Date,
): { live: Record<string, number>; test: Record<string, number> } {
  const live: Record<string, number> = {};
  const test: Record<string, number> = {};
  for (const sub of subscriptions) {
    let end: Date | null = null;
    let current: PaidPeriod | null = null;
    for (const period of sub.paid) {
      if (period.paidAt > at) break;
      const from: Date = end && end > period.paidAt ? end : period.paidAt;
      end = addDuration(from, period.durationValue, period.durationUnit);
      current = period;
    }
    if (!current || !end) continue;
    const ends = sub.endsAt && sub.endsAt < end ? sub.endsAt : end;
    if (at >= ends) continue;
    const into = current.test ? test : live;
    into[current.currency] = (into[current.currency] ?? 0) + current.monthly;
  }
  const rounded = (m: Record<string, number>) =>
    Object.fromEntries(Object.entries(m).map(([cur, v]) => [cur, Math.round(v)]));
  return { live: rounded(live), test: rounded(test) };
}

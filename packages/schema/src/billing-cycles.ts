import { z } from "zod";
import { DurationUnit } from "./licensing";
import { formatMoney } from "./money";

/**
 * What a customer is told about paying by the month or by the year: the saving of the yearly
 * price, and how a subscription repeats. One wording for the storefront, the pay page, the
 * thank-you page and the receipt (server-rendered and in the browser alike).
 */

/** A price per billing cycle, as the storefront and the plans hold it (minor units). */
export interface CyclePrice {
  billingCycle: string;
  amount: number;
  currency: string;
}

export interface YearlySaving {
  /** Minor units saved in a year by paying yearly rather than twelve months. */
  amount: number;
  currency: string;
  /** round((12 × monthly − yearly) / monthly): the "2 months free" of the offer. */
  monthsFree: number;
}

/** The saving of the yearly price over twelve monthly ones; null unless there is one to show. */
export function yearlySaving(prices: readonly CyclePrice[]): YearlySaving | null {
  const monthly = prices.find((p) => p.billingCycle === "monthly");
  const yearly = prices.find((p) => p.billingCycle === "yearly");
  if (!monthly || !yearly || monthly.currency !== yearly.currency || monthly.amount <= 0) return null;
  const amount = 12 * monthly.amount - yearly.amount;
  if (amount <= 0) return null;
  return { amount, currency: yearly.currency, monthsFree: Math.round(amount / monthly.amount) };
}

/** "Save $19.89 a year — 2 months free" (the months only when at least one). */
export function yearlySavingText(saving: YearlySaving, locale?: string): string {
  const months =
    saving.monthsFree > 0 ? ` — ${saving.monthsFree} month${saving.monthsFree === 1 ? "" : "s"} free` : "";
  return `Save ${formatMoney(saving.amount, saving.currency, locale)} a year${months}`;
}

/** How a subscription bought by an order repeats: its cycle, and the next charge (ISO date). */
export const SubscriptionRepeat = z.object({
  durationValue: z.number().int(),
  durationUnit: DurationUnit,
  /** Minor units of `currency`: what the next cycle charges. */
  amount: z.number().int(),
  currency: z.string(),
  nextChargeAt: z.iso.datetime({ offset: true }),
});
export type SubscriptionRepeat = z.infer<typeof SubscriptionRepeat>;

export interface DayFormat {
  locale?: string | undefined;
  /** Defaults to UTC, so the server's pay page and the browser's pages name the same day. */
  timeZone?: string | undefined;
}

/** "30 Nov 2027" (day, short month, year). */
export function formatDay(iso: string | Date, format: DayFormat = {}): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return "—";
  return new Intl.DateTimeFormat(format.locale ?? "en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: format.timeZone ?? "UTC",
  }).format(d);
}

function dayOfMonth(d: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat("en-GB", { day: "numeric", timeZone }).format(d));
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th"}`;
}

/** "every year on 30 Nov", "every month on the 30th", "every 3 months", "every week". */
function cadence(r: SubscriptionRepeat, format: DayFormat): string {
  const next = new Date(r.nextChargeAt);
  const timeZone = format.timeZone ?? "UTC";
  if (r.durationValue === 1) {
    if (r.durationUnit === "year") {
      const day = new Intl.DateTimeFormat(format.locale ?? "en-GB", {
        day: "numeric",
        month: "short",
        timeZone,
      }).format(next);
      return `every year on ${day}`;
    }
    if (r.durationUnit === "month") return `every month on the ${ordinal(dayOfMonth(next, timeZone))}`;
    return `every ${r.durationUnit}`;
  }
  return `every ${r.durationValue} ${r.durationUnit}s`;
}

/**
 * "Renews every year on 30 Nov — next charge $99.00 on 30 Nov 2027; cancel any time in My
 * subscriptions": what the pay page, the thank-you page and the receipt say of a subscription.
 */
export function subscriptionRepeatText(r: SubscriptionRepeat, format: DayFormat = {}): string {
  return `Renews ${cadence(r, format)} — next charge ${formatMoney(r.amount, r.currency, format.locale)} on ${formatDay(r.nextChargeAt, format)}; cancel any time in My subscriptions`;
}

import type { SubscriptionStatus } from "@keyway/db";
import { DAY_MS } from "../shared/duration";

/**
 * A subscription's cycle over time, pure (the sweep in sweep-subscriptions.ts applies it):
 * - before the period ends (the vendor's largest reminder offset, 7 days without one) a renewal
 *   order is opened, unless it is set to cancel at period end;
 * - at period end, one set to cancel becomes `cancelled`; an unpaid one becomes `past_due`;
 * - at period end + grace, an unpaid one becomes `expired`.
 * Paying the renewal order starts a new period (fulfil-order.ts), which starts this over.
 */

export type SubscriptionStep = "renewal_due" | "past_due" | "cancelled" | "expired";

/** Without reminder offsets, the renewal order opens this many days before the period ends. */
export const DEFAULT_RENEWAL_LEAD_DAYS = 7;
/** A renewal order stays payable this long after grace ends: a late payment still renews. */
export const RENEWAL_PAYABLE_AFTER_GRACE_DAYS = 7;

export function renewalLeadDays(reminderOffsetsDays: readonly number[]): number {
  return reminderOffsetsDays.length > 0 ? Math.max(...reminderOffsetsDays) : DEFAULT_RENEWAL_LEAD_DAYS;
}

/**
 * When the renewal order for a period stops taking payment: past the period end and its grace,
 * so a customer who pays late (while `past_due`, or just after `expired`) still renews.
 */
export function renewalOrderExpiresAt(periodEnd: Date, gracePeriodDays: number): Date {
  return new Date(periodEnd.getTime() + (gracePeriodDays + RENEWAL_PAYABLE_AFTER_GRACE_DAYS) * DAY_MS);
}

export interface SubscriptionScheduleInput {
  status: SubscriptionStatus;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: Date | null;
  gracePeriodDays: number;
  renewalLeadDays: number;
  /** What was already done for this period end. */
  sent: readonly string[];
  now: Date;
}

export interface SubscriptionSchedule {
  /** Due now and not yet done, in time order. */
  due: SubscriptionStep[];
  next: Date | null;
}

export function planSubscriptionSchedule(input: SubscriptionScheduleInput): SubscriptionSchedule {
  const end = input.currentPeriodEnd;
  if ((input.status !== "active" && input.status !== "past_due") || !end) return { due: [], next: null };
  const t = input.now.getTime();
  const periodEnd = end.getTime();
  const graceEnd = periodEnd + input.gracePeriodDays * DAY_MS;
  const steps: { step: SubscriptionStep; at: number }[] = [];
  if (input.cancelAtPeriodEnd) {
    steps.push({ step: "cancelled", at: periodEnd });
  } else {
    // No order once it could no longer be paid (a scheduler down for weeks).
    if (t < renewalOrderExpiresAt(end, input.gracePeriodDays).getTime())
      steps.push({ step: "renewal_due", at: periodEnd - input.renewalLeadDays * DAY_MS });
    if (input.status === "active") steps.push({ step: "past_due", at: periodEnd });
    steps.push({ step: "expired", at: graceEnd });
  }
  const open = steps.filter((s) => !input.sent.includes(s.step)).sort((a, b) => a.at - b.at);
  const future = open.filter((s) => s.at > t).map((s) => s.at);
  return {
    due: open.filter((s) => s.at <= t).map((s) => s.step),
    next: future.length > 0 ? new Date(Math.min(...future)) : null,
  };
}

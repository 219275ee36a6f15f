import type { StoredLicenseStatus } from "@keyway/db";
import type { ExpiryPolicy } from "@keyway/schema";
import { DAY_MS } from "../shared/duration";
import { graceEndsAt } from "./expiry-policy";

/**
 * What the scheduler announces about one license at `now`, and when it must look again. Pure:
 * the sweep (sweep-licenses.ts) reads the row, asks this, records what it says.
 */

export type LicenseLifecycleEvent = "license.expiring_soon" | "license.expired" | "license.grace_ended";

export interface DueLicenseEvent {
  type: LicenseLifecycleEvent;
  /** What goes into `lifecycle_sent` once announced: `reminder:<days>`, `expired`, `grace_ended`. */
  sentKey: string;
  /** When it fell due. */
  at: Date;
  /** Reminders: whole days left until expiry (rounded up). */
  daysLeft: number | null;
  /**
   * Whether the customer is told too (vendor reminders on), not only the vendor's webhooks: every
   * reminder planned (each is timely), and of the expiry and the grace's end only the latest one
   * due, and only while it is news (`CUSTOMER_NEWS_MS`).
   */
  tellCustomer: boolean;
}

/**
 * How late the customer still hears that a license expired or its grace ended: a scheduler that
 * was down for a day still tells; licenses imported long expired, or a term set in the past, are
 * announced to the vendor's webhooks only, not mailed to customers years after the fact.
 */
export const CUSTOMER_NEWS_MS = 3 * DAY_MS;

export interface LicenseScheduleInput {
  status: StoredLicenseStatus;
  clockPending: boolean;
  expiresAt: Date | null;
  policy: Pick<ExpiryPolicy, "gracePeriodDays">;
  /** The vendor's reminder offsets, in days before expiry. */
  reminderOffsetsDays: readonly number[];
  /** What was already announced for this `expiresAt`. */
  sent: readonly string[];
  now: Date;
}

export interface LicenseSchedule {
  /** Due now and not yet announced, in time order. */
  due: DueLicenseEvent[];
  /** The earliest moment something not yet announced falls due; null: nothing will. */
  next: Date | null;
  /** When this term's grace ends; null: no grace (or no term). The events and notices say it. */
  graceEndsAt: Date | null;
}

const NOTHING: LicenseSchedule = { due: [], next: null, graceEndsAt: null };

export const reminderKey = (days: number) => `reminder:${days}`;

export function planLicenseSchedule(input: LicenseScheduleInput): LicenseSchedule {
  const { expiresAt, now, sent } = input;
  // A suspended, revoked or pending license hears nothing; a change of status re-arms it.
  if (input.status !== "active" || input.clockPending || !expiresAt) return NOTHING;
  const t = now.getTime();
  const expiry = expiresAt.getTime();

  const reminders = [...new Set(input.reminderOffsetsDays)]
    .filter((days) => days > 0)
    .map((days) => ({ days, at: expiry - days * DAY_MS }))
    .sort((a, b) => a.at - b.at);
  const milestones: { type: LicenseLifecycleEvent; sentKey: string; at: number }[] = [
    { type: "license.expired", sentKey: "expired", at: expiry },
  ];
  const graceEnd = input.policy.gracePeriodDays > 0 ? graceEndsAt(expiresAt, input.policy) : null;
  if (graceEnd)
    milestones.push({ type: "license.grace_ended", sentKey: "grace_ended", at: graceEnd.getTime() });

  const due: DueLicenseEvent[] = [];
  // Only the latest reminder that has passed, and none once expired: a late scheduler (or a
  // term set a day before its end) sends one timely reminder, not a backlog of stale ones.
  if (t < expiry) {
    const latest = reminders.filter((r) => r.at <= t).at(-1);
    if (latest && !sent.includes(reminderKey(latest.days))) {
      due.push({
        type: "license.expiring_soon",
        sentKey: reminderKey(latest.days),
        at: new Date(latest.at),
        daysLeft: Math.ceil((expiry - t) / DAY_MS),
        tellCustomer: true,
      });
    }
  }
  const passed = milestones.filter((m) => m.at <= t && !sent.includes(m.sentKey));
  for (const [i, m] of passed.entries()) {
    // Both at once (a late scheduler): the customer hears the latest, the webhooks hear both.
    const tellCustomer = i === passed.length - 1 && t - m.at <= CUSTOMER_NEWS_MS;
    due.push({ type: m.type, sentKey: m.sentKey, at: new Date(m.at), daysLeft: null, tellCustomer });
  }

  const future = [
    ...reminders.filter((r) => !sent.includes(reminderKey(r.days))).map((r) => r.at),
    ...milestones.filter((m) => !sent.includes(m.sentKey)).map((m) => m.at),
  ].filter((at) => at > t);
  return { due, next: future.length > 0 ? new Date(Math.min(...future)) : null, graceEndsAt: graceEnd };
}

import { describe, expect, it } from "vitest";
import {
  planSubscriptionSchedule,
  renewalLeadDays,
  renewalOrderExpiresAt,
  type SubscriptionScheduleInput,
} from "../../src/lifecycle/subscription-schedule";
import { DAY_MS } from "../../src/shared/duration";

const periodEnd = new Date("2026-07-01T00:00:00Z");
const at = (days: number) => new Date(periodEnd.getTime() + days * DAY_MS);

const plan = (over: Partial<SubscriptionScheduleInput>) =>
  planSubscriptionSchedule({
    status: "active",
    cancelAtPeriodEnd: false,
    currentPeriodEnd: periodEnd,
    gracePeriodDays: 3,
    renewalLeadDays: 7,
    sent: [],
    now: at(-20),
    ...over,
  });

describe("planSubscriptionSchedule: a subscription's cycle", () => {
  it("opens the renewal order a lead time before the period ends", () => {
    expect(plan({})).toEqual({ due: [], next: at(-7) });
    expect(plan({ now: at(-7) })).toEqual({ due: ["renewal_due"], next: periodEnd });
  });

  it("unpaid at period end: past_due; after grace: expired", () => {
    expect(plan({ now: periodEnd, sent: ["renewal_due"] })).toEqual({ due: ["past_due"], next: at(3) });
    expect(plan({ status: "past_due", now: at(3), sent: ["renewal_due", "past_due"] })).toEqual({
      due: ["expired"],
      next: null,
    });
  });

  it("no grace: past_due and expired at the period end, in that order", () => {
    expect(plan({ gracePeriodDays: 0, now: periodEnd, sent: ["renewal_due"] }).due).toEqual([
      "past_due",
      "expired",
    ]);
  });

  it("a scheduler that was away catches up in order", () => {
    expect(plan({ now: at(4) }).due).toEqual(["renewal_due", "past_due", "expired"]);
  });

  it("no renewal order once it could no longer be paid", () => {
    expect(plan({ now: at(3 + 7) }).due).toEqual(["past_due", "expired"]);
  });

  it("set to cancel: no renewal order, cancelled at period end, never past_due or expired", () => {
    expect(plan({ cancelAtPeriodEnd: true })).toEqual({ due: [], next: periodEnd });
    expect(plan({ cancelAtPeriodEnd: true, now: at(1) })).toEqual({ due: ["cancelled"], next: null });
  });

  it("past due and then set to cancel: it ends now", () => {
    expect(
      plan({ status: "past_due", cancelAtPeriodEnd: true, now: at(1), sent: ["renewal_due", "past_due"] })
        .due,
    ).toEqual(["cancelled"]);
  });

  it("nothing for pending, cancelled or expired subscriptions, or without a period", () => {
    for (const status of ["pending", "cancelled", "expired"] as const)
      expect(plan({ status, now: at(5) })).toEqual({ due: [], next: null });
    expect(plan({ currentPeriodEnd: null, now: at(5) })).toEqual({ due: [], next: null });
  });

  it("lead time: the vendor's largest reminder offset, else 7 days; the order stays payable past grace", () => {
    expect(renewalLeadDays([1, 14, 3])).toBe(14);
    expect(renewalLeadDays([])).toBe(7);
    expect(renewalOrderExpiresAt(periodEnd, 3)).toEqual(at(10));
  });
});

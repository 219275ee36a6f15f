import { describe, expect, it } from "vitest";
import { type LicenseScheduleInput, planLicenseSchedule } from "../../src/lifecycle/license-schedule";
import { DAY_MS } from "../../src/shared/duration";

const expiresAt = new Date("2026-07-01T00:00:00Z");
const daysBefore = (days: number, ms = 0) => new Date(expiresAt.getTime() - days * DAY_MS + ms);
const daysAfter = (days: number, ms = 0) => new Date(expiresAt.getTime() + days * DAY_MS + ms);

const plan = (over: Partial<LicenseScheduleInput>) =>
  planLicenseSchedule({
    status: "active",
    clockPending: false,
    expiresAt,
    policy: { gracePeriodDays: 0 },
    reminderOffsetsDays: [7, 1],
    sent: [],
    now: daysBefore(30),
    ...over,
  });
const keys = (s: ReturnType<typeof plan>) => s.due.map((d) => d.sentKey);

describe("planLicenseSchedule: what a license announces, and when to look again", () => {
  it("long before expiry: nothing due, next look at the first reminder", () => {
    const s = plan({});
    expect(s.due).toEqual([]);
    expect(s.next).toEqual(daysBefore(7));
  });

  it("the 7-day reminder at 7 days, then the 1-day reminder, then expiry", () => {
    const at7 = plan({ now: daysBefore(7) });
    expect(at7.due).toEqual([
      {
        type: "license.expiring_soon",
        sentKey: "reminder:7",
        at: daysBefore(7),
        daysLeft: 7,
        tellCustomer: true,
      },
    ]);
    expect(at7.next).toEqual(daysBefore(1));

    const at1 = plan({ now: daysBefore(1, 5_000), sent: ["reminder:7"] });
    expect(at1.due).toEqual([
      {
        type: "license.expiring_soon",
        sentKey: "reminder:1",
        at: daysBefore(1),
        daysLeft: 1,
        tellCustomer: true,
      },
    ]);
    expect(at1.next).toEqual(expiresAt);

    const atExpiry = plan({ now: expiresAt, sent: ["reminder:7", "reminder:1"] });
    expect(atExpiry.due).toEqual([
      { type: "license.expired", sentKey: "expired", at: expiresAt, daysLeft: null, tellCustomer: true },
    ]);
    expect(atExpiry.next).toBeNull();
  });

  it("a late look sends the reminder with the days actually left, rounded up", () => {
    expect(plan({ now: daysBefore(7, 3 * 3_600_000) }).due[0]?.daysLeft).toBe(7);
    expect(plan({ now: daysBefore(2, 1) }).due[0]?.daysLeft).toBe(2);
  });

  it("several offsets passed: only the latest (smallest) is sent, and the older one is not sent later", () => {
    const s = plan({ now: daysBefore(0, -3_600_000) });
    expect(keys(s)).toEqual(["reminder:1"]);
    expect(s.next).toEqual(expiresAt);
    expect(keys(plan({ now: daysBefore(0, -60_000), sent: ["reminder:1"] }))).toEqual([]);
  });

  it("once expired no reminder goes out, whatever was missed", () => {
    expect(keys(plan({ now: daysAfter(0, 1) }))).toEqual(["expired"]);
    expect(keys(plan({ now: daysAfter(3) }))).toEqual(["expired"]);
  });

  it("nothing twice: what was sent is not due again", () => {
    const s = plan({ now: daysAfter(1), sent: ["expired"] });
    expect(s).toEqual({ due: [], next: null, graceEndsAt: null });
  });

  it("with grace: expired at expiry, grace_ended at its end", () => {
    const policy = { gracePeriodDays: 5 };
    const atExpiry = plan({ policy, now: expiresAt, sent: ["reminder:7", "reminder:1"] });
    expect(keys(atExpiry)).toEqual(["expired"]);
    expect(atExpiry.next).toEqual(daysAfter(5));
    const atGraceEnd = plan({ policy, now: daysAfter(5), sent: ["reminder:7", "reminder:1", "expired"] });
    expect(atGraceEnd.due).toEqual([
      {
        type: "license.grace_ended",
        sentKey: "grace_ended",
        at: daysAfter(5),
        daysLeft: null,
        tellCustomer: true,
      },
    ]);
    expect(atGraceEnd.next).toBeNull();
    // The events and the customer's notice say when grace ends from this one figure.
    expect(atExpiry.graceEndsAt).toEqual(daysAfter(5));
    expect(atGraceEnd.graceEndsAt).toEqual(daysAfter(5));
  });

  it("an expiry set far in the past: expired and grace_ended together, in order", () => {
    const s = plan({ policy: { gracePeriodDays: 5 }, now: daysAfter(40) });
    expect(keys(s)).toEqual(["expired", "grace_ended"]);
    expect(s.next).toBeNull();
  });

  it("the customer hears the expiry while it is news, and of two at once only the latest", () => {
    const told = (s: ReturnType<typeof plan>) => s.due.filter((d) => d.tellCustomer).map((d) => d.sentKey);
    // A scheduler a day late still tells; three days is the limit.
    expect(told(plan({ now: daysAfter(1) }))).toEqual(["expired"]);
    expect(told(plan({ now: daysAfter(3) }))).toEqual(["expired"]);
    // Imported long expired, or a term set in the past: the webhooks hear it, the customer not.
    const old = plan({ now: daysAfter(3, 1) });
    expect(keys(old)).toEqual(["expired"]);
    expect(told(old)).toEqual([]);
    // Grace ended an hour ago, expiry five days before: both announced, the customer told once.
    const both = plan({ policy: { gracePeriodDays: 5 }, now: daysAfter(5, 3_600_000) });
    expect(keys(both)).toEqual(["expired", "grace_ended"]);
    expect(told(both)).toEqual(["grace_ended"]);
    expect(told(plan({ policy: { gracePeriodDays: 5 }, now: daysAfter(40) }))).toEqual([]);
  });

  it("no grace: no grace_ended, ever", () => {
    expect(keys(plan({ now: daysAfter(400) }))).toEqual(["expired"]);
  });

  it("only active licenses with a running term hear anything", () => {
    for (const status of ["pending", "suspended", "revoked"] as const) {
      expect(plan({ status, now: daysAfter(1) })).toEqual({ due: [], next: null, graceEndsAt: null });
    }
    expect(plan({ clockPending: true, now: daysAfter(1) })).toEqual({
      due: [],
      next: null,
      graceEndsAt: null,
    });
    expect(plan({ expiresAt: null, now: daysAfter(1) })).toEqual({ due: [], next: null, graceEndsAt: null });
  });

  it("no reminder offsets: only expiry; odd offsets are tolerated", () => {
    const s = plan({ reminderOffsetsDays: [] });
    expect(s.next).toEqual(expiresAt);
    expect(plan({ reminderOffsetsDays: [1, 7, 7, 0] }).next).toEqual(daysBefore(7));
  });

  it("a term set a few seconds ahead: the last reminder now, expiry next", () => {
    const now = new Date(expiresAt.getTime() - 2_000);
    const s = plan({ now });
    expect(s.due).toEqual([
      {
        type: "license.expiring_soon",
        sentKey: "reminder:1",
        at: daysBefore(1),
        daysLeft: 1,
        tellCustomer: true,
      },
    ]);
    expect(s.next).toEqual(expiresAt);
  });
});

import { describe, expect, it } from "vitest";
import { renewalVerdict, renewedExpiry, subscriptionRenews } from "../../src/licensing/renewability";

/** The one renewability rule, as a pure function (the database paths: commerce/renewal-refusal.test.ts). */

const term = { status: "active", expiresAt: new Date("2026-07-01T00:00:00Z"), clockPending: false } as const;

describe("renewalVerdict", () => {
  it("renews a license with a term, active or expired, and one whose term waits for its first use", () => {
    expect(renewalVerdict(term, null)).toEqual({ renewable: true });
    expect(renewalVerdict({ ...term, status: "expired" }, null)).toEqual({ renewable: true });
    expect(renewalVerdict({ ...term, expiresAt: null, clockPending: true }, null)).toEqual({
      renewable: true,
    });
  });

  it("refuses a license that never expires", () => {
    expect(renewalVerdict({ ...term, expiresAt: null }, null)).toMatchObject({
      renewable: false,
      reason: "perpetual",
      code: "conflict",
    });
  });

  it("refuses pending, suspended and revoked licenses with their own codes", () => {
    expect(renewalVerdict({ ...term, status: "pending" }, null)).toMatchObject({ code: "license_pending" });
    expect(renewalVerdict({ ...term, status: "suspended" }, null)).toMatchObject({
      code: "license_suspended",
    });
    expect(renewalVerdict({ ...term, status: "revoked" }, null)).toMatchObject({ code: "license_revoked" });
  });

  it("refuses a license an active or past-due subscription renews, not one whose subscription ends", () => {
    const sub = (status: "active" | "past_due" | "cancelled" | "expired", cancelAtPeriodEnd = false) => ({
      status,
      cancelAtPeriodEnd,
    });
    expect(renewalVerdict(term, sub("active"))).toMatchObject({ renewable: false, reason: "subscription" });
    expect(renewalVerdict(term, sub("past_due"))).toMatchObject({ renewable: false, reason: "subscription" });
    expect(renewalVerdict(term, sub("active", true))).toEqual({ renewable: true });
    expect(renewalVerdict(term, sub("cancelled"))).toEqual({ renewable: true });
    expect(subscriptionRenews(sub("expired"))).toBe(false);
    expect(subscriptionRenews(null)).toBe(false);
  });
});

describe("renewedExpiry", () => {
  const now = new Date("2026-06-01T00:00:00Z");
  it("adds the term to the current expiry while it is ahead, else to now", () => {
    expect(renewedExpiry(term, { durationValue: 1, durationUnit: "year" }, now).toISOString()).toBe(
      "2027-07-01T00:00:00.000Z",
    );
    const lapsed = { expiresAt: new Date("2026-03-01T00:00:00Z") };
    expect(renewedExpiry(lapsed, { durationValue: 1, durationUnit: "month" }, now).toISOString()).toBe(
      "2026-07-01T00:00:00.000Z",
    );
    expect(
      renewedExpiry({ expiresAt: null }, { durationValue: 1, durationUnit: "month" }, now).toISOString(),
    ).toBe("2026-07-01T00:00:00.000Z");
  });
});

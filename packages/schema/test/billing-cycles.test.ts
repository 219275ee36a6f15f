import { describe, expect, it } from "vitest";
import { formatDay, subscriptionRepeatText, yearlySaving, yearlySavingText } from "../src/billing-cycles";

const monthly = (amount: number, currency = "USD") => ({ billingCycle: "monthly", amount, currency });
const yearly = (amount: number, currency = "USD") => ({ billingCycle: "yearly", amount, currency });

describe("the yearly saving", () => {
  it("$9.99 a month or $99.99 a year: save $19.89 a year, 2 months free", () => {
    const saving = yearlySaving([monthly(999), yearly(9999)]);
    expect(saving).toEqual({ amount: 1989, currency: "USD", monthsFree: 2 });
    expect(saving && yearlySavingText(saving, "en-US")).toBe("Save $19.89 a year — 2 months free");
  });

  it("rounds the months free, and says one month in the singular", () => {
    // 12 × 10.00 − 110.00 = 10.00: exactly one month.
    const one = yearlySaving([yearly(11000), monthly(1000)]);
    expect(one?.monthsFree).toBe(1);
    expect(one && yearlySavingText(one, "en-US")).toBe("Save $10.00 a year — 1 month free");
    // ₹799 × 12 − ₹7,999 = ₹1,589: 1.99 months, said as 2.
    expect(yearlySaving([monthly(79900, "INR"), yearly(799900, "INR")])?.monthsFree).toBe(2);
  });

  it("a saving under half a month says the amount only", () => {
    const small = yearlySaving([monthly(1000), yearly(11800)]);
    expect(small).toEqual({ amount: 200, currency: "USD", monthsFree: 0 });
    expect(small && yearlySavingText(small, "en-US")).toBe("Save $2.00 a year");
  });

  it("nothing to show without both cycles, in different currencies, or when yearly costs as much or more", () => {
    expect(yearlySaving([monthly(999)])).toBeNull();
    expect(yearlySaving([yearly(9999)])).toBeNull();
    expect(yearlySaving([monthly(999, "USD"), yearly(9999, "INR")])).toBeNull();
    expect(yearlySaving([monthly(1000), yearly(12000)])).toBeNull();
    expect(yearlySaving([monthly(1000), yearly(13000)])).toBeNull();
    expect(yearlySaving([monthly(0), yearly(0)])).toBeNull();
  });
});

describe("how a subscription repeats, in words", () => {
  const base = { amount: 9900, currency: "USD", durationValue: 1 } as const;

  it("yearly: the day and month it renews on, the next charge and where to cancel", () => {
    expect(
      subscriptionRepeatText(
        { ...base, durationUnit: "year", nextChargeAt: "2027-11-30T10:00:00.000Z" },
        { locale: "en-US" },
      ),
    ).toBe(
      "Renews every year on Nov 30 — next charge $99.00 on Nov 30, 2027; cancel any time in My subscriptions",
    );
    expect(
      subscriptionRepeatText({ ...base, durationUnit: "year", nextChargeAt: "2027-11-30T10:00:00.000Z" }),
    ).toMatch(
      /^Renews every year on 30 Nov — next charge .+ on 30 Nov 2027; cancel any time in My subscriptions$/,
    );
  });

  it("monthly: the day of the month, as an ordinal", () => {
    const text = (iso: string) =>
      subscriptionRepeatText({ ...base, durationUnit: "month", nextChargeAt: iso }, { locale: "en-US" });
    expect(text("2026-12-30T00:00:00.000Z")).toBe(
      "Renews every month on the 30th — next charge $99.00 on Dec 30, 2026; cancel any time in My subscriptions",
    );
    expect(text("2026-12-01T00:00:00.000Z")).toContain("every month on the 1st");
    expect(text("2026-12-02T00:00:00.000Z")).toContain("every month on the 2nd");
    expect(text("2026-12-23T00:00:00.000Z")).toContain("every month on the 23rd");
    expect(text("2026-12-11T00:00:00.000Z")).toContain("every month on the 11th");
  });

  it("other cycles by their length", () => {
    const text = subscriptionRepeatText({
      ...base,
      durationValue: 3,
      durationUnit: "month",
      nextChargeAt: "2027-03-01T00:00:00.000Z",
    });
    expect(text).toMatch(/^Renews every 3 months — next charge/);
  });

  it("names the day in UTC unless told the time zone, so server and browser agree", () => {
    const late = "2027-11-30T22:00:00.000Z";
    expect(formatDay(late)).toBe("30 Nov 2027");
    expect(formatDay(late, { timeZone: "Asia/Kolkata" })).toBe("1 Dec 2027");
    expect(formatDay("not a date")).toBe("—");
  });
});

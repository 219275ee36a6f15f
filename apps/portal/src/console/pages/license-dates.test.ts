import { describe, expect, it } from "vitest";
import { dayInZone, endOfDayInZone, formatDay } from "./license-dates";

describe("a license's expiry day in the vendor's time zone", () => {
  it("picks the end of the day there, and shows that same day", () => {
    const iso = endOfDayInZone("2028-06-30", "Asia/Kolkata");
    expect(iso).toBe("2028-06-30T18:29:59.000Z");
    expect(formatDay(iso ?? "", "Asia/Kolkata")).toBe("30 Jun 2028");
    expect(dayInZone(iso ?? "", "Asia/Kolkata")).toBe("2028-06-30");
  });

  it("follows a daylight-saving zone on either side of the change", () => {
    expect(endOfDayInZone("2028-01-15", "America/New_York")).toBe("2028-01-16T04:59:59.000Z");
    expect(endOfDayInZone("2028-07-15", "America/New_York")).toBe("2028-07-16T03:59:59.000Z");
    expect(formatDay("2028-07-16T03:59:59.000Z", "America/New_York")).toBe("15 Jul 2028");
  });

  it("refuses what is not a calendar day", () => {
    expect(endOfDayInZone("", "UTC")).toBeNull();
    expect(endOfDayInZone("30", "UTC")).toBeNull();
    expect(endOfDayInZone("2028-02-30", "UTC")).toBeNull();
  });
});

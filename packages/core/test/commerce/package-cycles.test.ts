import { describe, expect, it } from "vitest";
import { priceItem } from "../../src/commerce/pricing";
import type { CatalogItem } from "../../src/commerce/read-item";

type PackageFound = Extract<CatalogItem, { kind: "package" }>;

/** A package of `quantity` licenses at 999 a month, from `startDate` to `endDate`. */
function packageOf(startDate: string, endDate: string, quantity = 3): PackageFound {
  return {
    kind: "package",
    item: { kind: "package", packageId: "pkg", subscriptionTypeId: "plan", startDate, endDate, quantity },
    plan: { id: "plan", name: "Seat" },
    product: { id: "pkg", name: "Team License Package", slug: "team" },
    price: { amount: 999, currency: "USD", billingCycle: "monthly", durationValue: 1, durationUnit: "month" },
  } as unknown as PackageFound;
}

describe("a license package's price: per license, per started month", () => {
  it("charges six months for 30 Nov to 30 May, though February is short", () => {
    expect(priceItem(packageOf("2026-11-30", "2027-05-30")).amount).toBe(3 * 6 * 999);
  });
  it("charges one month for a month, and a started month in full", () => {
    expect(priceItem(packageOf("2026-11-30", "2026-12-30")).amount).toBe(3 * 999);
    expect(priceItem(packageOf("2026-11-30", "2026-12-31")).amount).toBe(3 * 2 * 999);
    expect(priceItem(packageOf("2027-01-31", "2027-02-28", 1)).amount).toBe(999);
  });
});

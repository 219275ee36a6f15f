import type { Product } from "@keyway/schema";
import { describe, expect, it } from "vitest";
import {
  newProductInput,
  onRefundLabel,
  planPolicy,
  policyFormValues,
  policySummary,
  priceProblem,
  productFormValues,
  productTerms,
} from "./catalog-product-input";

describe("a typed price", () => {
  it("is refused in words when negative, not a number or too precise", () => {
    expect(priceProblem("Monthly price", "-5", "INR")).toBe(
      "Monthly price cannot be negative: enter an amount in INR, e.g. 499.",
    );
    expect(priceProblem("Yearly price", "abc", "INR")).toBe(
      "Yearly price must be an amount in INR, e.g. 499; “abc” is not one.",
    );
    expect(priceProblem("Price", "4.999", "INR")).toBe(
      "Price has too many decimal places for INR: e.g. 499.",
    );
  });

  it("is fine when empty or an amount", () => {
    expect(priceProblem("Price", "", "INR")).toBeNull();
    expect(priceProblem("Price", "1,499.50", "INR")).toBeNull();
  });
});

const software: Product = {
  id: "prd_1",
  kind: "software",
  number: 1,
  slug: "acme",
  name: "Acme Accounting",
  version: null,
  description: null,
  parentProductId: null,
  keyFormat: { prefix: "AC", groups: 3, groupLength: 4, separator: "_", alphabet: "ABC" },
  bindingKind: "domain",
  maxSeats: 1,
  price: null,
  currency: null,
  durationValue: null,
  durationUnit: null,
  expiryStrategy: "maintain",
  gracePeriodDays: 7,
  clockStartsAt: "purchase",
  onRefund: null,
  seatMode: "node_locked",
  heartbeatSeconds: null,
  devDomainPatterns: [],
  certificateTtlDays: 30,
  archivedAt: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  entitlements: [],
};

describe("the product form's one mapper", () => {
  it("prices a product without a currency in the store's, when creating and when editing", () => {
    const created = newProductInput({ ...productFormValues(), name: "Analyzer", price: "49.99" }, "INR");
    expect(created).toMatchObject({ ok: true, value: { price: 4999, currency: "INR", kind: "addon" } });
    const edited = productTerms({ ...productFormValues(software), price: "100" }, "INR");
    expect(edited).toMatchObject({ ok: true, value: { price: 10000, currency: "INR" } });
  });

  it("reads and writes prices in the currency's own digits", () => {
    const yen = { ...software, price: 1500, currency: "JPY" };
    expect(productFormValues(yen).price).toBe("1500");
    expect(productTerms(productFormValues(yen), "INR")).toMatchObject({
      ok: true,
      value: { price: 1500, currency: "JPY" },
    });
  });

  it("says what is wrong instead of dropping a price it cannot read", () => {
    expect(productTerms({ ...productFormValues(), price: "15.5", currency: "JPY" }, "INR")).toEqual({
      ok: false,
      error: "Price has too many decimal places for JPY: e.g. 49900.",
    });
    expect(
      productTerms({ ...productFormValues(), price: "12", durationValue: "a year" }, "INR"),
    ).toMatchObject({
      ok: false,
    });
  });

  it("keeps a product's key format and sends no price or currency when there is none", () => {
    const f = productFormValues(software);
    expect(f).toMatchObject({ prefix: "AC", separator: "_", groups: "3", groupLength: "4", currency: "" });
    expect(productTerms(f, "INR")).toEqual({
      ok: true,
      value: {
        name: "Acme Accounting",
        version: null,
        price: null,
        currency: null,
        durationValue: null,
        durationUnit: null,
        bindingKind: "domain",
        maxSeats: 1,
        expiryStrategy: "maintain",
        gracePeriodDays: 7,
        clockStartsAt: "purchase",
        onRefund: null,
      },
    });
  });
});

describe("what a refund does to a product's licenses", () => {
  it("follows the rule by amount unless the vendor chose one", () => {
    expect(productFormValues().onRefund).toBe("");
    expect(newProductInput({ ...productFormValues(), name: "A", price: "1" }, "INR")).toMatchObject({
      ok: true,
      value: { onRefund: null },
    });
  });

  it("keeps the vendor's choice when editing, and can go back to the rule", () => {
    const suspending = { ...software, onRefund: "suspend" as const };
    expect(productFormValues(suspending).onRefund).toBe("suspend");
    expect(productTerms(productFormValues(suspending), "INR")).toMatchObject({
      ok: true,
      value: { onRefund: "suspend" },
    });
    expect(productTerms({ ...productFormValues(suspending), onRefund: "" }, "INR")).toMatchObject({
      ok: true,
      value: { onRefund: null },
    });
  });

  it("explains each choice in words", () => {
    expect(onRefundLabel[""]).toBe("Default: revoke on a full refund, keep on a partial one");
    expect(onRefundLabel.revoke).toMatch(/stops working for good/);
    expect(onRefundLabel.keep).toMatch(/keeps working/);
  });
});

describe("the expiry policy inputs", () => {
  it("send a product's whole policy, defaults for a new one", () => {
    expect(newProductInput({ ...productFormValues(), name: "A", price: "1" }, "INR")).toMatchObject({
      ok: true,
      value: { expiryStrategy: "restrict", gracePeriodDays: 0, clockStartsAt: "purchase" },
    });
    const edited = productTerms(
      { ...productFormValues(software), gracePeriodDays: "", clockStartsAt: "first_activation" },
      "INR",
    );
    expect(edited).toMatchObject({
      ok: true,
      value: { gracePeriodDays: 0, clockStartsAt: "first_activation" },
    });
  });

  it("refuse a grace period that is not 0 to 365 whole days", () => {
    for (const days of ["366", "-1", "2.5", "a week"]) {
      expect(productTerms({ ...productFormValues(software), gracePeriodDays: days }, "INR")).toEqual({
        ok: false,
        error: "“Grace period” is a whole number of days, 0 to 365.",
      });
    }
  });

  it("send a plan's overrides, null for “Same as product”", () => {
    expect(planPolicy(policyFormValues())).toEqual({
      ok: true,
      value: { expiryStrategy: null, gracePeriodDays: null, clockStartsAt: null },
    });
    const plan = { expiryStrategy: null, gracePeriodDays: 0, clockStartsAt: "first_activation" } as const;
    expect(policyFormValues(plan)).toEqual({
      expiryStrategy: "",
      gracePeriodDays: "0",
      clockStartsAt: "first_activation",
    });
    expect(planPolicy(policyFormValues(plan))).toEqual({ ok: true, value: plan });
  });

  it("sum a policy up in words", () => {
    expect(policySummary(software)).toBe("Keep working, marked expired · 7 days grace · starts at purchase");
  });
});

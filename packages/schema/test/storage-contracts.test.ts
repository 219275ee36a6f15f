import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  ActivateLicenseInput,
  BiznoqPurchaseBody,
  CreateCheckoutOrderInput,
  CreateLicenseByHandInput,
  CreateOrderInput,
  CreatePlanInput,
  CreateProductInput,
  CreateSubscriptionInput,
  CreateWebhookEndpointInput,
  JFrameworkCheckoutBody,
  LicenseActionInput,
  ListLicensesInput,
  SignUpInput,
  SubscriptionIdInput,
  UpdateVendorSettingsInput,
  ValidateLicenseInput,
} from "../src/index";

/**
 * Every field that reaches the database refuses what Postgres cannot hold (NUL and the other
 * control characters in text, integers past int4) with a clear message, while the seeds' and
 * the portal's own examples still pass.
 */
type Case = [name: string, schema: z.ZodType, valid: Record<string, unknown>, field: string[]];

const set = (o: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> => {
  const [head, ...rest] = path;
  if (head === undefined) return o;
  const inner = (o[head] ?? {}) as Record<string, unknown>;
  return { ...o, [head]: rest.length ? set(inner, rest, value) : value };
};
const get = (o: Record<string, unknown>, path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], o);

const seed001 = {
  returnURL: "https://example.com",
  cancelURL: "https://example.com",
  packageId: "Plakdiooh209sz",
  subscriptionTypeId: "Plakdiooh209sz",
  startDate: "2025-01-01",
  endDate: "2025-02-01",
  testMode: true,
  quantity: 1,
};
const addon = { kind: "addon", productNumber: 1, serialNo: "B-10203040" };

const textFields: Case[] = [
  ["JFramework subscriptionTypeId", JFrameworkCheckoutBody, seed001, ["subscriptionTypeId"]],
  ["JFramework packageId", JFrameworkCheckoutBody, seed001, ["packageId"]],
  ["JFramework returnURL", JFrameworkCheckoutBody, seed001, ["returnURL"]],
  ["checkout vendorSlug", CreateCheckoutOrderInput, { vendorSlug: "demo", item: addon }, ["vendorSlug"]],
  [
    "checkout renewal key",
    CreateCheckoutOrderInput,
    { vendorSlug: "demo", item: { kind: "renewal", licenseKey: "EXPIRED000000001" } },
    ["item", "licenseKey"],
  ],
  [
    "order package id",
    CreateOrderInput,
    {
      item: {
        kind: "package",
        packageId: "p",
        subscriptionTypeId: "s",
        startDate: "2025-01-01",
        endDate: "2025-02-01",
      },
    },
    ["item", "packageId"],
  ],
  [
    "order customer name",
    CreateOrderInput,
    { item: addon, customer: { name: "Asha" } },
    ["customer", "name"],
  ],
  [
    "order return URL",
    CreateOrderInput,
    { item: addon, returnUrl: "https://example.com/done" },
    ["returnUrl"],
  ],
  [
    "Biznoq serialNo",
    BiznoqPurchaseBody,
    { addonId: 1, serialNo: "B-12345678", buyerPhone: "9460439200" },
    ["serialNo"],
  ],
  ["validate key", ValidateLicenseInput, { key: "ABCDEF1234567890", domain: "example.com" }, ["key"]],
  [
    "activate fingerprint",
    ActivateLicenseInput,
    { key: "ABCDEF1234567890", fingerprint: "abcd1234" },
    ["fingerprint"],
  ],
  ["license list key filter", ListLicensesInput, { key: "ABCD" }, ["key"]],
  ["product name", CreateProductInput, { kind: "addon", name: "Trading Analyzer" }, ["name"]],
  ["plan product id", CreatePlanInput, { productId: "prd_1", name: "Monthly" }, ["productId"]],
  [
    "license by hand binding",
    CreateLicenseByHandInput,
    { productId: "prd_1", binding: "example.com" },
    ["binding"],
  ],
  [
    "sign-up timezone",
    SignUpInput,
    { vendorName: "Shop", email: "a@b.co", password: "x", timezone: "Asia/Kolkata" },
    ["timezone"],
  ],
  ["settings brand URL", UpdateVendorSettingsInput, { brandUrl: "https://shop.example.com" }, ["brandUrl"]],
  ["webhook URL", CreateWebhookEndpointInput, { url: "https://example.com/hooks" }, ["url"]],
];

describe("text that reaches storage", () => {
  it.each(textFields)(
    "%s: the example passes, a NUL or C1 control inside it does not",
    (_, schema, valid, path) => {
      expect(schema.safeParse(valid).success).toBe(true);
      for (const c of ["\u0000", "\u001b", "\u007f", "\u0085"]) {
        const value = String(get(valid, path));
        const poisoned = set(valid, path, `${value.slice(0, 3)}${c}${value.slice(3)}`);
        const result = schema.safeParse(poisoned);
        expect(result.success).toBe(false);
        expect(result.error?.issues.map((i) => i.message).join(" ")).toMatch(
          /must not contain control characters/,
        );
      }
    },
  );

  it("multi-line text keeps its line breaks, refuses NUL", () => {
    const reason = { licenseId: "lic_1", reason: "Chargeback.\r\nSee ticket\t#42." };
    expect(LicenseActionInput.safeParse(reason).success).toBe(true);
    expect(LicenseActionInput.safeParse({ ...reason, reason: "a\u0000b" }).success).toBe(false);
  });

  it("JFramework says it in the seed's own words", () => {
    const result = JFrameworkCheckoutBody.safeParse({ ...seed001, subscriptionTypeId: "Plak\u0000" });
    expect(result.error?.issues[0]?.message).toBe(
      "The subscriptionTypeId field must not contain control characters.",
    );
  });
});

const intFields: Case[] = [
  [
    "checkout productNumber",
    CreateCheckoutOrderInput,
    { vendorSlug: "demo", item: addon },
    ["item", "productNumber"],
  ],
  ["order productNumber", CreateOrderInput, { item: addon }, ["item", "productNumber"]],
  [
    "checkout planNumber",
    CreateCheckoutOrderInput,
    { vendorSlug: "demo", item: { kind: "subscription", planNumber: 2, billingCycle: "yearly" } },
    ["item", "planNumber"],
  ],
  [
    "subscription planNumber",
    CreateSubscriptionInput,
    { planNumber: 2, billingCycle: "monthly" },
    ["planNumber"],
  ],
  ["subscription id", SubscriptionIdInput, { subscriptionId: "42" }, ["subscriptionId"]],
];

describe("integers that reach an int4 column", () => {
  it.each(intFields)("%s: 2147483647 passes, 2147483648 and 2^53 + 2 do not", (_, schema, valid, path) => {
    expect(schema.safeParse(set(valid, path, 2_147_483_647)).success).toBe(true);
    for (const n of [2_147_483_648, 2 ** 53 + 2]) {
      const result = schema.safeParse(set(valid, path, n));
      expect(result.error?.issues.map((i) => i.message)).toEqual(["must be at most 2147483647"]);
    }
  });

  it("Biznoq keeps its own message for an addonId past int4", () => {
    const body = { addonId: 2_147_483_648, serialNo: "B-12345678", buyerPhone: "9460439200" };
    expect(BiznoqPurchaseBody.safeParse(body).error?.issues[0]?.message).toBe("addonId is out of range.");
  });
});

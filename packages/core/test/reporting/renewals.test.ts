import {
  customers,
  events,
  licenses,
  newId,
  orders,
  type StoredLicenseStatus,
  subscriptions,
  vendors,
} from "@keyway/db";
import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan } from "../../src/catalog/plans";
import { createProduct } from "../../src/catalog/products";
import { getRenewals } from "../../src/reporting/renewals";

/**
 * The renewals view on a fresh vendor, at a fixed `now` (and a moved one): rows are inserted as
 * the scheduler and payments would leave them (licenses, events, subscriptions, orders).
 */

let db: TestDb;
let vendorId: string;
let productId: string;
let planId: string;
let customerId: string;
let otherVendorId: string;
const now = new Date("2030-06-01T12:00:00Z");
const day = 86_400_000;
const at = (days: number) => new Date(now.getTime() + days * day);

beforeAll(async () => {
  db = await createTestDb();
  const [vendor, other] = await db.db
    .insert(vendors)
    .values([
      { slug: `renewals-${Date.now()}`, name: "Renewals Co", timezone: "Asia/Kolkata" },
      { slug: `renewals-other-${Date.now()}`, name: "Other Co" },
    ])
    .returning();
  if (!vendor || !other) throw new Error("vendors");
  vendorId = vendor.id;
  otherVendorId = other.id;
  const product = await createProduct(db.db, {
    vendorId,
    kind: "software",
    name: "Ledger Pro",
    gracePeriodDays: 3,
  });
  productId = product.id;
  planId = (await createPlan(db.db, { vendorId, productId, name: "Yearly", prices: [] })).id;
  const [customer] = await db.db
    .insert(customers)
    .values({ vendorId, email: "buyer@renewals.test", name: "Asha" })
    .returning();
  if (!customer) throw new Error("customer");
  customerId = customer.id;
});
afterAll(async () => {
  await db.close();
});

async function license(
  expiresInDays: number,
  extra: { status?: StoredLicenseStatus; renewedAt?: Date; vendorId?: string; productId?: string } = {},
) {
  const id = newId("lic");
  await db.db.insert(licenses).values({
    id,
    vendorId: extra.vendorId ?? vendorId,
    productId: extra.productId ?? productId,
    planId: extra.vendorId ? null : planId,
    customerId: extra.vendorId ? null : customerId,
    key: `RNW-${id.slice(-12).toUpperCase()}`,
    status: extra.status ?? "active",
    expiresAt: at(expiresInDays),
    renewedAt: extra.renewedAt ?? null,
    createdAt: at(-300),
  });
  return id;
}

async function event(
  type: string,
  daysAgo: number,
  subject: { licenseId?: string; subscriptionId?: number },
) {
  await db.db.insert(events).values({
    vendorId,
    type,
    subjectType: subject.licenseId ? "license" : "subscription",
    subjectId: subject.licenseId ?? String(subject.subscriptionId),
    licenseId: subject.licenseId ?? null,
    createdAt: at(-daysAgo),
  });
}

async function order(params: {
  kind?: "renewal" | "addon";
  status?: "paid" | "pending";
  paidDaysAgo?: number;
  licenseId?: string | null;
  subscriptionId?: number | null;
  amount?: number;
  currency?: string;
  testMode?: boolean;
  expiresInDays?: number;
  paymentUrl?: string;
}) {
  const id = newId("ord");
  const paidAt = params.paidDaysAgo === undefined ? null : at(-params.paidDaysAgo);
  await db.db.insert(orders).values({
    id,
    vendorId,
    reference: `TXN-${id}`,
    token: `tok_${id}`,
    kind: params.kind ?? "renewal",
    status: params.status ?? "paid",
    productId,
    licenseId: params.licenseId ?? null,
    subscriptionId: params.subscriptionId ?? null,
    amount: params.amount ?? 1000,
    currency: params.currency ?? "INR",
    testMode: params.testMode ?? false,
    paymentUrl: params.paymentUrl ?? null,
    expiresAt: at(params.expiresInDays ?? -1),
    paidAt,
    createdAt: paidAt ?? now,
  });
  return id;
}

async function subscription(
  status: "active" | "past_due",
  periodEndDaysAgo: number,
  renewalOrderId?: string,
) {
  const [row] = await db.db
    .insert(subscriptions)
    .values({
      vendorId,
      customerId,
      planId,
      billingCycle: "yearly",
      status,
      currentPeriodEnd: at(-periodEndDaysAgo),
      renewalOrderId: renewalOrderId ?? null,
    })
    .returning();
  if (!row) throw new Error("subscription");
  return row.id;
}

describe("the renewals view", () => {
  let remindedSoon: string;
  let unreminded: string;
  let renewedAfterReminder: string;

  it("lists active licenses ending within 30 days, soonest first, with the current term's reminder", async () => {
    remindedSoon = await license(5);
    await event("license.expiring_soon", 2, { licenseId: remindedSoon });
    unreminded = await license(20);
    // A reminder about an earlier term (200 days ago) is not one for this term.
    await event("license.expiring_soon", 200, { licenseId: unreminded });
    renewedAfterReminder = await license(10, { renewedAt: at(-1) });
    await event("license.expiring_soon", 3, { licenseId: renewedAfterReminder });
    await license(40);
    await license(-1);
    await license(3, { status: "suspended" });

    const view = await getRenewals(db.db, { vendorId, now });
    expect(view.days).toBe(30);
    expect(view.dueSoon.map((d) => d.licenseId)).toEqual([remindedSoon, renewedAfterReminder, unreminded]);
    expect(view.dueSoon[0]).toMatchObject({
      productName: "Ledger Pro",
      planName: "Yearly",
      customer: "buyer@renewals.test",
      expiresAt: at(5).toISOString(),
      reminderSentAt: at(-2).toISOString(),
      testMode: false,
    });
    expect(view.dueSoon[1]?.reminderSentAt).toBeNull();
    expect(view.dueSoon[2]?.reminderSentAt).toBeNull();
  });

  it("follows the clock: six days later the 5-day license has left the list", async () => {
    const later = await getRenewals(db.db, { vendorId, now: at(6) });
    expect(later.dueSoon.map((d) => d.licenseId)).toEqual([renewedAfterReminder, unreminded]);
    const narrow = await getRenewals(db.db, { vendorId, now, days: 7 });
    expect(narrow.dueSoon.map((d) => d.licenseId)).toEqual([remindedSoon]);
  });

  it("lists past-due subscriptions with an open renewal order's pay link and when grace ends", async () => {
    const openOrder = await order({
      status: "pending",
      expiresInDays: 10,
      paymentUrl: "https://pay.example/ord-open",
      amount: 4999,
    });
    const payable = await subscription("past_due", 2, openOrder);
    const lapsedOrder = await order({
      status: "pending",
      expiresInDays: -1,
      paymentUrl: "https://pay.example/old",
    });
    const lapsed = await subscription("past_due", 5, lapsedOrder);
    await subscription("active", -20);

    const view = await getRenewals(db.db, { vendorId, now });
    expect(view.pastDue.map((s) => s.subscriptionId)).toEqual([lapsed, payable]);
    expect(view.pastDue[1]).toEqual({
      subscriptionId: payable,
      licenseId: null,
      planName: "Yearly",
      productName: "Ledger Pro",
      customer: "buyer@renewals.test",
      currentPeriodEnd: at(-2).toISOString(),
      // The product's 3 days of grace.
      graceEndsAt: at(1).toISOString(),
      paymentUrl: "https://pay.example/ord-open",
      amount: 4999,
      currency: "INR",
    });
    // Its order has lapsed: no link to a page that would refuse the payment.
    expect(view.pastDue[0]?.paymentUrl).toBeNull();
  });

  it("counts revenue recovered by a reminder or a past-due notice, per currency, live and test apart", async () => {
    const reminded = await license(300);
    await event("license.expiring_soon", 12, { licenseId: reminded });
    await order({ paidDaysAgo: 5, licenseId: reminded, amount: 1000 });

    const subscriptionId = await subscription("active", -300);
    await event("subscription.past_due", 4, { subscriptionId });
    await order({ paidDaysAgo: 3, subscriptionId, amount: 2000, testMode: true });

    const remindedUsd = await license(300);
    await event("license.expiring_soon", 2, { licenseId: remindedUsd });
    await order({ paidDaysAgo: 1, licenseId: remindedUsd, amount: 500, currency: "USD" });

    // Not recovered: no notice; paid before the window; notice only after payment; notice before
    // the previous payment (an earlier term's); not a renewal.
    await order({ paidDaysAgo: 2, licenseId: await license(300), amount: 7 });
    const old = await license(300);
    await event("license.expiring_soon", 45, { licenseId: old });
    await order({ paidDaysAgo: 40, licenseId: old, amount: 11 });
    const late = await license(300);
    await order({ paidDaysAgo: 6, licenseId: late, amount: 13 });
    await event("license.expiring_soon", 5, { licenseId: late });
    const twice = await license(300);
    await event("license.expiring_soon", 60, { licenseId: twice });
    await order({ paidDaysAgo: 30, licenseId: twice, amount: 17, kind: "addon" });
    await order({ paidDaysAgo: 1, licenseId: twice, amount: 19 });
    const addon = await license(300);
    await event("license.expiring_soon", 3, { licenseId: addon });
    await order({ paidDaysAgo: 1, licenseId: addon, amount: 23, kind: "addon" });

    const view = await getRenewals(db.db, { vendorId, now });
    expect(view.recovered).toEqual({
      revenue: { INR: 1000, USD: 500 },
      count: 2,
      testRevenue: { INR: 2000 },
      testCount: 1,
    });
    // A month on, those payments are out of the window.
    const later = await getRenewals(db.db, { vendorId, now: at(31) });
    expect(later.recovered).toEqual({ revenue: {}, count: 0, testRevenue: {}, testCount: 0 });
  });

  it("shows nothing of another vendor, and refuses an unknown vendor", async () => {
    const product = await createProduct(db.db, { vendorId: otherVendorId, kind: "software", name: "Theirs" });
    await license(2, { vendorId: otherVendorId, productId: product.id });
    const view = await getRenewals(db.db, { vendorId: otherVendorId, now });
    expect(view.dueSoon).toHaveLength(1);
    expect(view.pastDue).toEqual([]);
    expect((await getRenewals(db.db, { vendorId, now })).dueSoon).toHaveLength(3);
    await expect(getRenewals(db.db, { vendorId: "ven_nobody", now })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

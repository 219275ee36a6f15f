import { eq, events, licenses } from "@keyway/db";
import { DEMO } from "@keyway/db/seed";
import { createTestDb, type TestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrder } from "../../src/commerce/create-order";
import { getCheckoutOrder } from "../../src/commerce/queries";
import { refundOrder } from "../../src/commerce/refunds/refund-order";
import { listMyOrders } from "../../src/customers/customer-purchases";
import { listCustomers } from "../../src/customers/list-customers";
import { getDashboard } from "../../src/reporting/dashboard";
import { getRenewals } from "../../src/reporting/renewals";
import { orderRow, refundSetup } from "../commerce/refund-helpers";

/** What the vendor's reports and the customer's receipts show once money went back. */

let db: TestDb;
let setup: Awaited<ReturnType<typeof refundSetup>>;
const day = 86_400_000;

beforeAll(async () => {
  db = await createTestDb();
  setup = await refundSetup(db);
});
afterAll(async () => {
  await db.close();
});

const refund = (orderId: string, amount?: number, now?: Date, licenseAction?: "keep") =>
  refundOrder(db.db, {
    vendorId: setup.vendorId,
    orderId,
    ...(amount ? { amount } : {}),
    ...(licenseAction ? { licenseAction } : {}),
    accounts: setup.accounts,
    actor: "user:test",
    ...(now ? { now } : {}),
  });

describe("the dashboard nets refunds out of revenue", () => {
  it("on the day each refund happened, per currency, test money apart; refunded orders counted apart", async () => {
    const now = new Date();
    const tomorrow = new Date(now.getTime() + day);
    const at = new Date(now.getTime() + 2 * day);
    const before = await getDashboard(db.db, { vendorId: setup.vendorId, days: 7, now: at });

    const live = await setup.addonOrder("paypal");
    await setup.pay(live, "paypal");
    await refund(live.orderId, 1000, now);
    await refund(live.orderId, 2000, tomorrow);
    const test = await setup.addonOrder("sandbox");
    await setup.pay(test, "sandbox");
    await refund(test.orderId, undefined, tomorrow);

    const after = await getDashboard(db.db, { vendorId: setup.vendorId, days: 7, now: at });
    const dayOf = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: after.timezone }).format(d);
    const on = (d: Date) => after.days.find((x) => x.day === dayOf(d));
    const was = (d: Date) => before.days.find((x) => x.day === dayOf(d));
    const inr = (r: Record<string, number> | undefined) => r?.INR ?? 0;
    expect(inr(on(now)?.revenue) - inr(was(now)?.revenue)).toBe(live.amount - 1000);
    expect(inr(on(tomorrow)?.revenue) - inr(was(tomorrow)?.revenue)).toBe(-2000);
    expect(inr(on(now)?.testRevenue) - inr(was(now)?.testRevenue)).toBe(test.amount);
    expect(inr(on(tomorrow)?.testRevenue) - inr(was(tomorrow)?.testRevenue)).toBe(-test.amount);
    expect(inr(after.totals.revenue) - inr(before.totals.revenue)).toBe(live.amount - 3000);
    expect(inr(after.totals.testRevenue) - inr(before.totals.testRevenue)).toBe(0);
    // Refunded in part is still a paid order; refunded in full is counted apart.
    expect(after.totals.paidOrders - before.totals.paidOrders).toBe(1);
    expect(after.totals.testPaidOrders - before.totals.testPaidOrders).toBe(0);
    expect(after.totals.refundedOrders - before.totals.refundedOrders).toBe(0);
    expect(after.totals.testRefundedOrders - before.totals.testRefundedOrders).toBe(1);
  });

  it("a refund of an order never paid (it beat the payment callback) takes no revenue back", async () => {
    const now = new Date();
    const before = await getDashboard(db.db, { vendorId: setup.vendorId, days: 7, now });
    const order = await setup.addonOrder("paypal");
    await setup.providerEvent(order.orderId, {
      kind: "refund",
      gatewayRefundId: "RF-REPORT-EARLY",
      amount: order.amount,
      currency: order.currency,
      raw: {},
    });
    const after = await getDashboard(db.db, { vendorId: setup.vendorId, days: 7, now: new Date() });
    expect(after.totals.revenue).toEqual(before.totals.revenue);
  });

  it("a lost dispute takes its amount back; a won one takes nothing", async () => {
    const before = await getDashboard(db.db, { vendorId: setup.vendorId, days: 7, now: new Date() });
    const lost = await setup.addonOrder("paypal");
    await setup.pay(lost, "paypal");
    const won = await setup.addonOrder("paypal");
    await setup.pay(won, "paypal");
    const dispute = (id: string, status: "open" | "won" | "lost") => ({
      kind: "dispute" as const,
      gatewayDisputeId: id,
      status,
      amount: 1500,
      currency: lost.currency,
      reason: "fraudulent",
      raw: {},
    });
    for (const status of ["open", "lost"] as const)
      await setup.providerEvent(lost.orderId, dispute("PP-LOST", status));
    for (const status of ["open", "won"] as const)
      await setup.providerEvent(won.orderId, dispute("PP-WON", status));
    const after = await getDashboard(db.db, { vendorId: setup.vendorId, days: 7, now: new Date() });
    const inr = (r: Record<string, number>) => r.INR ?? 0;
    expect(inr(after.totals.revenue) - inr(before.totals.revenue)).toBe(lost.amount + won.amount - 1500);
  });
});

describe("customers and receipts", () => {
  it("a customer's paid orders count those refunded in part, not those refunded in full", async () => {
    const phone = "9000077001";
    const kept = await setup.addonOrder("sandbox", phone);
    const partly = await setup.addonOrder("sandbox", phone);
    const fully = await setup.addonOrder("sandbox", phone);
    for (const o of [kept, partly, fully]) await setup.pay(o, "sandbox");
    await refund(partly.orderId, 500);
    await refund(fully.orderId);
    const { items } = await listCustomers(db.db, {
      vendorId: setup.vendorId,
      query: phone,
      limit: 5,
    });
    expect(items).toHaveLength(1);
    expect(items[0]?.paidOrders).toBe(2);

    const customerId = (await orderRow(db.db, kept.orderId)).customerId ?? "";
    const mine = await listMyOrders(db.db, { vendorId: setup.vendorId, customerId });
    const byId = new Map(mine.map((o) => [o.id, o]));
    expect(byId.get(kept.orderId)).toMatchObject({ status: "paid", refundedAmount: 0 });
    expect(byId.get(partly.orderId)).toMatchObject({ status: "partially_refunded", refundedAmount: 500 });
    expect(byId.get(fully.orderId)).toMatchObject({ status: "refunded", refundedAmount: fully.amount });
  });

  it("the receipt shows what went back, and the keys as they now stand", async () => {
    const order = await setup.addonOrder("sandbox");
    await setup.pay(order, "sandbox");
    await refund(order.orderId, 700);
    const partly = await getCheckoutOrder(db.db, { token: order.token });
    expect(partly).toMatchObject({ status: "partially_refunded", refundedAmount: 700 });
    expect(partly.licenses).toEqual([
      expect.objectContaining({ key: order.licenseKeys[0], status: "active" }),
    ]);

    await refund(order.orderId);
    const fully = await getCheckoutOrder(db.db, { token: order.token });
    expect(fully).toMatchObject({ status: "refunded", refundedAmount: order.amount });
    expect(fully.licenses).toEqual([
      expect.objectContaining({ key: order.licenseKeys[0], status: "revoked" }),
    ]);
  });
});

describe("renewals recovered by a reminder", () => {
  /** A test-mode renewal of a demo license its reminder went out for, paid. */
  async function remindedRenewal(key: string) {
    const [license] = await db.db.select().from(licenses).where(eq(licenses.key, key));
    if (!license) throw new Error(`no license ${key}`);
    await db.db.insert(events).values({
      vendorId: setup.vendorId,
      type: "license.expiring_soon",
      subjectType: "license",
      subjectId: license.id,
      licenseId: license.id,
      createdAt: new Date(Date.now() - day),
    });
    const order = await createOrder(db.db, {
      vendorId: setup.vendorId,
      item: { kind: "renewal", licenseKey: key },
      customer: {},
      accounts: setup.accounts,
      sandbox: "test-mode-only",
      testMode: true,
      publicUrl: "http://keyway.test",
      ttlMinutes: 60,
      actor: "test",
    });
    await setup.pay(order, "sandbox");
    return order;
  }

  it("count net of a partial refund; a renewal refunded in full did not renew", async () => {
    const before = await getRenewals(db.db, { vendorId: setup.vendorId });
    const partly = await remindedRenewal(DEMO.licenses.active);
    const fully = await remindedRenewal(DEMO.licenses.expired);
    await refund(partly.orderId, 100);
    await refund(fully.orderId, undefined, undefined, "keep");
    const after = await getRenewals(db.db, { vendorId: setup.vendorId });
    expect(after.recovered.testCount - before.recovered.testCount).toBe(1);
    expect((after.recovered.testRevenue.INR ?? 0) - (before.recovered.testRevenue.INR ?? 0)).toBe(
      partly.amount - 100,
    );
  });
});

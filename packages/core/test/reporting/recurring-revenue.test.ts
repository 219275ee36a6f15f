import { and, eq, orders, subscriptions, vendors } from "@keyway/db";
import { createTestDb, type TestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPaymentResult } from "../../src/commerce/apply-payment";
import type { OrderSettings } from "../../src/commerce/create-order";
import { createOrder } from "../../src/commerce/create-order";
import type { PaymentGateway } from "../../src/commerce/gateways/gateway";
import { createSandboxGateway, sandboxResult } from "../../src/commerce/gateways/sandbox";
import { refundOrder } from "../../src/commerce/refunds/refund-order";
import { cancelSubscription } from "../../src/commerce/subscriptions";
import { runScheduler } from "../../src/lifecycle/scheduler";
import { getRecurringRevenue } from "../../src/reporting/recurring-revenue";
import { accountsOf } from "../commerce/accounts";
import { demoSetup, newLicense } from "../licensing/helpers";

/**
 * MRR and renewals against churn over four months of the demo store (Asia/Kolkata), on a moved
 * clock: subscriptions bought, renewed by the scheduler's renewal order, cancelled, left unpaid,
 * refunded; a license outside any subscription running out.
 */

let testDb: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;
const publicUrl = "http://keyway.test";
/** A live provider as far as the store can tell (its orders are live money). */
const paypal: PaymentGateway = {
  name: "paypal",
  async createPayment(request) {
    return {
      paymentUrl: `https://paypal.test/${request.reference}`,
      gatewayOrderId: `PP-${request.reference}`,
    };
  },
  async refund(request) {
    return { gatewayRefundId: `PP-RF-${request.idempotencyKey}`, status: "succeeded", raw: {} };
  },
};
const settings: OrderSettings = {
  accounts: accountsOf({ sandbox: createSandboxGateway(publicUrl), paypal }),
  sandbox: "test-mode-only",
  publicUrl,
  ttlMinutes: 60 * 24 * 30,
};
const at = (iso: string) => new Date(iso);
const tick = (now: Date) => runScheduler(testDb.db, { now, orderSettings: settings });

beforeAll(async () => {
  testDb = await createTestDb();
  ctx = await demoSetup(testDb.db);
  // Live orders, the scheduler's renewal orders too, go through the live provider.
  await testDb.db.update(vendors).set({ defaultGateway: "paypal" }).where(eq(vendors.id, ctx.vendorId));
});
afterAll(async () => {
  await testDb.close();
});

async function pay(orderId: string, now: Date) {
  const [order] = await testDb.db.select().from(orders).where(eq(orders.id, orderId));
  if (!order) throw new Error("no order");
  const result = order.testMode
    ? sandboxResult(order, "pay")
    : {
        gateway: "paypal" as const,
        reference: order.reference,
        outcome: "paid" as const,
        gatewayTxnId: `CAP-${order.reference}`,
        amount: order.amount,
        currency: order.currency,
        raw: {},
      };
  await applyPaymentResult(testDb.db, result, { now });
  return order;
}

let buyers = 0;
/** A paid subscription to demo plan 1 (Monthly Plan, ₹499/month) or 2 (Business Suite, ₹7,999/year). */
async function subscribe(planNumber: 1 | 2, billingCycle: "monthly" | "yearly", live: boolean, now: Date) {
  buyers++;
  const order = await createOrder(testDb.db, {
    ...settings,
    vendorId: ctx.vendorId,
    item: { kind: "subscription", planNumber, billingCycle },
    customer: { email: `mrr-${buyers}@buyer.test` },
    testMode: !live,
    now,
  });
  await pay(order.orderId, now);
  // The scheduler looks at each change when it comes: it plans the subscription's next steps.
  await tick(now);
  return { orderId: order.orderId, subscriptionId: order.subscriptionId ?? 0 };
}

async function renewalOrderOf(subscriptionId: number) {
  const [order] = await testDb.db
    .select()
    .from(orders)
    .where(and(eq(orders.subscriptionId, subscriptionId), eq(orders.kind, "renewal")));
  if (!order) throw new Error("no renewal order");
  return order;
}

describe("getRecurringRevenue", () => {
  it("counts MRR at each month's end and renewals against churn, live and test apart", async () => {
    // January: a live monthly subscription (A) and a test-mode one (C).
    const a = await subscribe(1, "monthly", true, at("2026-01-10T06:00:00Z"));
    const c = await subscribe(1, "monthly", false, at("2026-01-20T06:00:00Z"));
    // February: the scheduler opens A's renewal order a week ahead; A pays it; B buys a year.
    await tick(at("2026-02-03T06:00:00Z"));
    await tick(at("2026-02-04T06:00:00Z"));
    await pay((await renewalOrderOf(a.subscriptionId)).id, at("2026-02-05T06:00:00Z"));
    await subscribe(2, "yearly", true, at("2026-02-15T06:00:00Z"));
    // A is cancelled at its period's end (10 March); C never pays its renewal and lapses.
    await cancelSubscription(testDb.db, {
      vendorId: ctx.vendorId,
      subscriptionId: a.subscriptionId,
      now: at("2026-02-20T06:00:00Z"),
    });
    await tick(at("2026-02-25T06:00:00Z"));
    await tick(at("2026-03-12T06:00:00Z"));
    // A license sold outside any subscription runs out on 3 March, not renewed.
    await newLicense(testDb.db, {
      vendorId: ctx.vendorId,
      productId: ctx.software.id,
      expiresAt: at("2026-03-03T06:00:00Z"),
    });
    // April: one more live year, refunded in full the next day: it pays for nothing.
    const refunded = await subscribe(2, "yearly", true, at("2026-04-01T06:00:00Z"));
    await refundOrder(testDb.db, {
      vendorId: ctx.vendorId,
      orderId: refunded.orderId,
      accounts: settings.accounts,
      actor: "test",
      now: at("2026-04-02T06:00:00Z"),
    });

    const now = at("2026-04-15T06:00:00Z");
    await tick(now);
    const report = await getRecurringRevenue(testDb.db, { vendorId: ctx.vendorId, months: 4, now });
    const yearly = Math.round(799900 / 12);
    expect(report).toMatchObject({ timezone: "Asia/Kolkata", currency: "INR" });
    expect(report.months).toEqual([
      {
        month: "2026-01",
        mrr: { INR: 49900 },
        testMrr: { INR: 49900 },
        live: { renewed: 0, ended: 0, expired: 0 },
        test: { renewed: 0, ended: 0, expired: 0 },
      },
      {
        // C's paid month ended on 20 February unpaid: out of test MRR, and ended.
        month: "2026-02",
        mrr: { INR: 49900 + yearly },
        testMrr: {},
        live: { renewed: 1, ended: 0, expired: 0 },
        test: { renewed: 0, ended: 1, expired: 0 },
      },
      {
        // Expired: ours (3 March) and the demo seed's EXPIRED000000001 (1 March), neither renewed.
        month: "2026-03",
        mrr: { INR: yearly },
        testMrr: {},
        live: { renewed: 0, ended: 1, expired: 2 },
        test: { renewed: 0, ended: 0, expired: 0 },
      },
      {
        month: "2026-04",
        mrr: { INR: yearly },
        testMrr: {},
        live: { renewed: 0, ended: 0, expired: 0 },
        test: { renewed: 0, ended: 0, expired: 0 },
      },
    ]);
    const [ended] = await testDb.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.id, c.subscriptionId));
    expect(ended?.status).toBe("expired");
  });

  it("reads the clock it is given: a month earlier, March is the current month", async () => {
    const report = await getRecurringRevenue(testDb.db, {
      vendorId: ctx.vendorId,
      months: 2,
      now: at("2026-03-05T06:00:00Z"),
    });
    expect(report.months.map((m) => m.month)).toEqual(["2026-02", "2026-03"]);
    // On 5 March A's renewed period (to 10 March) still runs; the licenses due on 1 and 3 March have run out.
    expect(report.months[1]).toMatchObject({
      mrr: { INR: 49900 + Math.round(799900 / 12) },
      live: { renewed: 0, ended: 0, expired: 2 },
    });
  });
});

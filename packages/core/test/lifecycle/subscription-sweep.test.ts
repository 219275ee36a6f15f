import { and, eq, events, orders, planPrices, plans, sql, subscriptions } from "@keyway/db";
import { createTestDb, type TestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPaymentResult } from "../../src/commerce/apply-payment";
import { createOrder } from "../../src/commerce/create-order";
import { sandboxResult } from "../../src/commerce/gateways/sandbox";
import { cancelSubscription, listSubscriptionViews } from "../../src/commerce/subscriptions";
import { runScheduler } from "../../src/lifecycle/scheduler";
import { addDuration } from "../../src/shared/duration";
import { demoSetup, licenseRow } from "../licensing/helpers";
import { days, eventsOf, handles, messagesOf, newCustomer, orderSettings, shift, tick } from "./helpers";

let testDb: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;
let plan: typeof plans.$inferSelect;
const t0 = new Date("2026-10-01T00:00:00Z");
const GRACE_DAYS = 3;

beforeAll(async () => {
  testDb = await createTestDb();
  ctx = await demoSetup(testDb.db);
  const [monthly] = await testDb.db
    .select()
    .from(plans)
    .where(and(eq(plans.vendorId, ctx.vendorId), eq(plans.name, "Monthly Plan")));
  if (!monthly) throw new Error("the demo seed has no Monthly Plan");
  // The plan's grace overrides the product's (none).
  await testDb.db.update(plans).set({ gracePeriodDays: GRACE_DAYS }).where(eq(plans.id, monthly.id));
  plan = monthly;
});
afterAll(async () => {
  await testDb.close();
});

async function pay(orderId: string, now: Date) {
  const [order] = await testDb.db.select().from(orders).where(eq(orders.id, orderId));
  if (!order) throw new Error("no order");
  return applyPaymentResult(testDb.db, sandboxResult(order, "pay"), { now });
}

/** A paid monthly subscription (test mode) whose first period starts at `now`. */
async function subscribe(now: Date) {
  const customer = await newCustomer(testDb.db, ctx.vendorId);
  const order = await createOrder(testDb.db, {
    ...orderSettings,
    vendorId: ctx.vendorId,
    item: { kind: "subscription", planNumber: plan.number, billingCycle: "monthly" },
    customer: { email: customer.email },
    testMode: true,
    now,
  });
  await pay(order.orderId, now);
  const sub = await subscription(order.subscriptionId ?? 0);
  if (!sub.licenseId || !sub.currentPeriodEnd) throw new Error("not started");
  return { sub, licenseId: sub.licenseId, periodEnd: sub.currentPeriodEnd, customer };
}

async function subscription(id: number) {
  const [row] = await testDb.db.select().from(subscriptions).where(eq(subscriptions.id, id));
  if (!row) throw new Error("no subscription");
  return row;
}

const subscriptionEvents = async (id: number) =>
  (
    await testDb.db
      .select()
      .from(events)
      .where(and(eq(events.subjectType, "subscription"), eq(events.subjectId, String(id))))
      .orderBy(events.createdAt)
  ).map((e) => e.type);

const renewalOrders = (id: number) =>
  testDb.db
    .select()
    .from(orders)
    .where(and(eq(orders.subscriptionId, id), eq(orders.kind, "renewal")));

describe("a subscription's cycle, on a moved clock", () => {
  it("opens one renewal order before the period ends, announces it with its pay link, and shows it", async () => {
    const { sub, licenseId, periodEnd } = await subscribe(t0);
    expect(periodEnd).toEqual(addDuration(t0, 1, "month"));

    await tick(testDb.db, t0);
    expect(await renewalOrders(sub.id)).toEqual([]);
    const due = shift(periodEnd, -days(7));
    await tick(testDb.db, due);
    await tick(testDb.db, shift(due, days(1)));
    const [order, ...more] = await renewalOrders(sub.id);
    expect(more).toEqual([]);
    expect(order).toMatchObject({ status: "pending", licenseId, testMode: true, amount: 49900 });
    // Payable past the period end, through grace and a week more.
    expect(order?.expiresAt).toEqual(shift(periodEnd, days(GRACE_DAYS + 7)));
    expect(await subscription(sub.id)).toMatchObject({ renewalOrderId: order?.id, status: "active" });

    const [announced] = await testDb.db
      .select()
      .from(events)
      .where(and(eq(events.type, "subscription.renewal_due"), eq(events.subjectId, String(sub.id))));
    expect(announced?.data).toMatchObject({
      subscription_id: sub.id,
      order_id: order?.id,
      payment_url: order?.paymentUrl,
      amount: 49900,
      currency: "INR",
      current_period_end: periodEnd.toISOString(),
    });
    const notices = (await messagesOf(testDb.db, licenseId)).filter(
      (m) => m.kind === "subscription.renewal_due",
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]?.body).toContain(order?.paymentUrl ?? "-");

    const [view] = await listSubscriptionViews(testDb.db, eq(subscriptions.id, sub.id), due);
    expect(view?.renewalPaymentUrl).toBe(order?.paymentUrl);

    // Paid on time: license and period extend together from the old expiry; the link is spent.
    await pay(order?.id ?? "", shift(due, days(2)));
    const next = addDuration(periodEnd, 1, "month");
    expect((await licenseRow(testDb.db, licenseId)).expiresAt).toEqual(next);
    expect(await subscription(sub.id)).toMatchObject({
      status: "active",
      currentPeriodEnd: next,
      renewalOrderId: null,
    });
    const [paid] = await listSubscriptionViews(testDb.db, eq(subscriptions.id, sub.id), due);
    expect(paid?.renewalPaymentUrl).toBeNull();
  });

  it("unpaid: past_due at period end, expired after grace; paid late, it extends from the payment and is active again", async () => {
    const { sub, licenseId, periodEnd } = await subscribe(shift(t0, days(1)));
    await tick(testDb.db, shift(periodEnd, -days(7)));
    await tick(testDb.db, periodEnd);
    expect(await subscription(sub.id)).toMatchObject({ status: "past_due" });
    expect((await eventsOf(testDb.db, licenseId, ["license.expired"])).length).toBe(1);

    // Paid a day late, while past due: the new term runs from the payment, not the old expiry.
    const paidAt = shift(periodEnd, days(1));
    const [order] = await renewalOrders(sub.id);
    expect(await pay(order?.id ?? "", paidAt)).toMatchObject({ orderStatus: "paid" });
    const license = await licenseRow(testDb.db, licenseId);
    expect(license.expiresAt).toEqual(addDuration(paidAt, 1, "month"));
    expect(await subscription(sub.id)).toMatchObject({
      status: "active",
      currentPeriodEnd: license.expiresAt,
      renewalOrderId: null,
    });
    await tick(testDb.db, shift(paidAt, days(GRACE_DAYS + 1)));
    expect(await subscription(sub.id)).toMatchObject({ status: "active" });
    expect(await subscriptionEvents(sub.id)).toEqual([
      "subscription.created",
      "subscription.renewal_due",
      "subscription.past_due",
      "subscription.renewed",
    ]);
  });

  it("paid after it expired: active again, a new period from the payment", async () => {
    const { sub, licenseId, periodEnd } = await subscribe(shift(t0, days(2)));
    await tick(testDb.db, shift(periodEnd, -days(7)));
    await tick(testDb.db, periodEnd);
    await tick(testDb.db, shift(periodEnd, days(GRACE_DAYS)));
    expect(await subscription(sub.id)).toMatchObject({ status: "expired" });
    expect(await subscriptionEvents(sub.id)).toEqual([
      "subscription.created",
      "subscription.renewal_due",
      "subscription.past_due",
      "subscription.expired",
    ]);
    const paidAt = shift(periodEnd, days(GRACE_DAYS + 5));
    const [order] = await renewalOrders(sub.id);
    await pay(order?.id ?? "", paidAt);
    expect(await subscription(sub.id)).toMatchObject({
      status: "active",
      currentPeriodEnd: addDuration(paidAt, 1, "month"),
    });
    expect((await licenseRow(testDb.db, licenseId)).expiresAt).toEqual(addDuration(paidAt, 1, "month"));
    // The new period has its own renewal order.
    await tick(testDb.db, shift(addDuration(paidAt, 1, "month"), -days(7)));
    expect(await renewalOrders(sub.id)).toHaveLength(2);
  });

  it("cancelled at period end: no renewal order, cancelled when the period ends, and its license expires", async () => {
    const { sub, licenseId, periodEnd } = await subscribe(shift(t0, days(3)));
    await cancelSubscription(testDb.db, {
      vendorId: ctx.vendorId,
      subscriptionId: sub.id,
      now: shift(t0, days(4)),
    });
    // Only scheduled now: the audit trail says so; no webhook type fires yet.
    expect(await subscriptionEvents(sub.id)).toEqual([
      "subscription.created",
      "subscription.cancel_scheduled",
    ]);

    await tick(testDb.db, shift(periodEnd, -days(7)));
    expect(await renewalOrders(sub.id)).toEqual([]);
    await tick(testDb.db, shift(periodEnd, -1));
    expect(await subscription(sub.id)).toMatchObject({ status: "active" });
    await tick(testDb.db, periodEnd);
    await tick(testDb.db, shift(periodEnd, days(30)));
    expect(await subscription(sub.id)).toMatchObject({ status: "cancelled" });
    expect(await subscriptionEvents(sub.id)).toEqual([
      "subscription.created",
      "subscription.cancel_scheduled",
      "subscription.cancelled",
    ]);
    expect((await eventsOf(testDb.db, licenseId, ["license.expired"])).length).toBe(1);
  });

  it("three schedulers racing open one renewal order and announce it once", async () => {
    const subs = [];
    for (let i = 0; i < 6; i++) subs.push(await subscribe(shift(t0, days(5) + i * 1000)));
    const periodEnd = subs[0]?.periodEnd ?? t0;
    const { dbs, close } = await handles(testDb, 3);
    try {
      for (const now of [shift(periodEnd, -days(7) + 60_000), shift(periodEnd, 60_000)])
        await Promise.all(dbs.map((db) => tick(db, now, 2)));
    } finally {
      await close();
    }
    for (const { sub } of subs) {
      expect(await renewalOrders(sub.id)).toHaveLength(1);
      expect(await subscriptionEvents(sub.id)).toEqual([
        "subscription.created",
        "subscription.renewal_due",
        "subscription.past_due",
      ]);
    }
  });

  it("a crash after the renewal order opened: the next run adopts that order instead of opening another", async () => {
    const { sub, periodEnd } = await subscribe(shift(t0, days(6)));
    const now = shift(periodEnd, -days(7));
    await testDb.db.execute(
      sql.raw(`create or replace function keyway_test_crash() returns trigger language plpgsql as $$
        begin
          if new.type = 'subscription.renewal_due' then raise exception 'killed before announcing'; end if;
          return new;
        end $$`),
    );
    await testDb.db.execute(
      sql`create trigger keyway_test_crash before insert on events for each row execute function keyway_test_crash()`,
    );
    const errors: unknown[] = [];
    try {
      await runScheduler(testDb.db, { now, orderSettings, onError: (e) => errors.push(e) });
    } finally {
      await testDb.db.execute(sql`drop trigger keyway_test_crash on events`);
    }
    // Reported, not thrown: the failed query, whose cause is the crash.
    expect(errors.map((e) => String((e as Error).cause ?? e)).join()).toMatch(/killed before announcing/);
    expect(await renewalOrders(sub.id)).toHaveLength(1);
    expect(await subscription(sub.id)).toMatchObject({ renewalOrderId: null, lifecycleSent: [] });

    // The lease keeps it from being retried at once; after it runs out, the order is adopted.
    await tick(testDb.db, shift(now, 60_000));
    expect(await subscriptionEvents(sub.id)).toEqual(["subscription.created"]);
    await tick(testDb.db, shift(now, 11 * 60_000));
    const [order, ...more] = await renewalOrders(sub.id);
    expect(more).toEqual([]);
    expect(await subscription(sub.id)).toMatchObject({
      renewalOrderId: order?.id,
      lifecycleSent: ["renewal_due"],
    });
    expect(await subscriptionEvents(sub.id)).toEqual(["subscription.created", "subscription.renewal_due"]);
  });

  it("a renewal order that cannot open is retried hourly, and the period still ends on time", async () => {
    const { sub, periodEnd } = await subscribe(shift(t0, days(7)));
    const errors: unknown[] = [];
    const run = (now: Date) =>
      runScheduler(testDb.db, { now, orderSettings, onError: (e) => errors.push(e) });
    // The vendor stopped selling the plan's monthly cycle: the renewal cannot be priced.
    await testDb.db.update(planPrices).set({ active: false }).where(eq(planPrices.planId, plan.id));
    try {
      const due = shift(periodEnd, -days(7));
      await run(due);
      expect(errors).toHaveLength(1);
      await run(shift(due, 30 * 60_000));
      expect(errors).toHaveLength(1);
      await run(shift(due, 61 * 60_000));
      expect(errors).toHaveLength(2);
      expect(await renewalOrders(sub.id)).toEqual([]);
      await run(shift(periodEnd, -30 * 60_000));
      await run(periodEnd);
      expect(await subscription(sub.id)).toMatchObject({ status: "past_due" });
    } finally {
      await testDb.db.update(planPrices).set({ active: true }).where(eq(planPrices.planId, plan.id));
    }
    await run(shift(periodEnd, 2 * 3_600_000));
    expect(await renewalOrders(sub.id)).toHaveLength(1);
    expect(await subscriptionEvents(sub.id)).toEqual([
      "subscription.created",
      "subscription.past_due",
      "subscription.renewal_due",
    ]);
  });
});

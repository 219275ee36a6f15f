import { and, customers, eq, orders, plans, subscriptions } from "@keyway/db";
import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPaymentResult } from "../../src/commerce/apply-payment";
import { createOrder } from "../../src/commerce/create-order";
import { createSandboxGateway, sandboxResult } from "../../src/commerce/gateways/sandbox";
import { getCheckoutOrder, getRenewalOptions } from "../../src/commerce/queries";
import { listMyLicenses } from "../../src/customers/customer-purchases";
import { issueLicense } from "../../src/licensing/issue-license";
import { addDuration } from "../../src/shared/duration";
import { demoSetup, licenseRow } from "../licensing/helpers";
import { accountsOf } from "./accounts";

/**
 * One renewability rule: a license that never expires, or that an active subscription renews,
 * takes no renewal order (the /renew page says why, My licenses offers no Renew, and an order
 * posted anyway is refused); a renewable one shows the expiry it gets before paying, and paying
 * gives exactly that date.
 */

let db: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;
let customerId: string;
let businessPlanId: string;
const publicUrl = "http://keyway.test";
const now = new Date("2026-06-01T00:00:00Z");
const expiry = new Date("2026-07-01T00:00:00Z");

beforeAll(async () => {
  db = await createTestDb();
  ctx = await demoSetup(db.db);
  const [customer] = await db.db
    .insert(customers)
    .values({ vendorId: ctx.vendorId, email: "renewer@example.com" })
    .returning();
  const [plan] = await db.db
    .select()
    .from(plans)
    .where(and(eq(plans.vendorId, ctx.vendorId), eq(plans.name, "Business Suite")));
  if (!customer || !plan) throw new Error("seed");
  customerId = customer.id;
  businessPlanId = plan.id;
});
afterAll(async () => {
  await db.close();
});

/** An active license of the customer: perpetual, or one month ending on `expiry`. */
async function license(kind: "perpetual" | "term", planId: string | null = null) {
  const [plan] = planId ? await db.db.select().from(plans).where(eq(plans.id, planId)) : [];
  return db.db.transaction((tx) =>
    issueLicense(tx, {
      vendorId: ctx.vendorId,
      productId: plan?.productId ?? ctx.addon.id,
      planId,
      customerId,
      status: "active",
      ...(kind === "perpetual"
        ? { durationValue: null, durationUnit: null, expiresAt: null }
        : { durationValue: 1, durationUnit: "month", startsAt: now, expiresAt: expiry }),
      testMode: true,
      now,
    }),
  );
}

async function subscribe(licenseId: string, cancelAtPeriodEnd = false) {
  await db.db.insert(subscriptions).values({
    vendorId: ctx.vendorId,
    customerId,
    planId: businessPlanId,
    billingCycle: "yearly",
    licenseId,
    status: "active",
    currentPeriodStart: now,
    currentPeriodEnd: expiry,
    cancelAtPeriodEnd,
  });
}

const order = (
  item: Parameters<typeof createOrder>[1]["item"],
  extra: { subscriptionRenewal?: boolean } = {},
) =>
  createOrder(db.db, {
    vendorId: ctx.vendorId,
    item,
    customer: {},
    accounts: accountsOf({ sandbox: createSandboxGateway(publicUrl) }),
    sandbox: "test-mode-only",
    testMode: true,
    publicUrl,
    ttlMinutes: 60,
    now,
    ...extra,
  });

async function pay(orderId: string) {
  const [row] = await db.db.select().from(orders).where(eq(orders.id, orderId));
  if (!row) throw new Error("no order");
  return applyPaymentResult(db.db, sandboxResult(row, "pay"), { now });
}

const renewable = async (key: string) =>
  (await listMyLicenses(db.db, { vendorId: ctx.vendorId, customerId }, { now })).find((l) => l.key === key)
    ?.renewable;

describe("which licenses take a renewal", () => {
  it("a perpetual license: no options, the reason in words, no Renew, and an order for it is refused", async () => {
    const perpetual = await license("perpetual");
    const options = await getRenewalOptions(db.db, { licenseKey: perpetual.key, now });
    expect(options.options).toEqual([]);
    expect(options.refusal).toEqual({
      reason: "perpetual",
      message: "This license never expires: there is nothing to renew.",
    });
    expect(await renewable(perpetual.key)).toBe(false);
    await expect(order({ kind: "renewal", licenseKey: perpetual.key })).rejects.toMatchObject({
      code: "conflict",
      message: "This license never expires: there is nothing to renew.",
    });
    expect(await db.db.select().from(orders).where(eq(orders.licenseId, perpetual.id))).toEqual([]);
  });

  it("a license an active subscription renews: refused to the customer, taken from the scheduler", async () => {
    const subscribed = await license("term", businessPlanId);
    await subscribe(subscribed.id);
    const options = await getRenewalOptions(db.db, { licenseKey: subscribed.key, now });
    expect(options.options).toEqual([]);
    expect(options.refusal?.reason).toBe("subscription");
    expect(await renewable(subscribed.key)).toBe(false);
    await expect(order({ kind: "renewal", licenseKey: subscribed.key })).rejects.toMatchObject({
      code: "conflict",
      details: { reason: "subscription" },
    });
    // The subscription's own renewal order (lifecycle/renewal-orders.ts) is the point.
    const scheduled = await order(
      { kind: "renewal", licenseKey: subscribed.key, billingCycle: "yearly" },
      { subscriptionRenewal: true },
    );
    expect(scheduled.amount).toBe(799900);
  });

  it("a subscription set to end no longer renews its license: the customer may renew it", async () => {
    const ending = await license("term", businessPlanId);
    await subscribe(ending.id, true);
    const options = await getRenewalOptions(db.db, { licenseKey: ending.key, now });
    expect(options.refusal).toBeNull();
    expect(options.options.length).toBeGreaterThan(0);
    expect(await renewable(ending.key)).toBe(true);
  });

  it("shows each option's new expiry before paying, and paying gives exactly that date", async () => {
    const term = await license("term", businessPlanId);
    const options = await getRenewalOptions(db.db, { licenseKey: term.key, now });
    expect(options.refusal).toBeNull();
    expect(await renewable(term.key)).toBe(true);
    const byCycle = Object.fromEntries(options.options.map((o) => [o.billingCycle, o.newExpiresAt]));
    // From the later of now and the current expiry.
    expect(byCycle).toEqual({
      monthly: addDuration(expiry, 1, "month").toISOString(),
      yearly: addDuration(expiry, 1, "year").toISOString(),
    });
    const renewal = await order({ kind: "renewal", licenseKey: term.key, billingCycle: "yearly" });
    expect(await pay(renewal.orderId)).toMatchObject({ status: "applied", orderStatus: "paid" });
    expect((await licenseRow(db.db, term.id)).expiresAt?.toISOString()).toBe(byCycle.yearly);
    const thanks = await getCheckoutOrder(db.db, { token: renewal.token, now });
    expect(thanks.licenses[0]?.expiresAt).toBe(byCycle.yearly);
    expect(thanks.repeats).toBeNull();
  });
});

describe("how a subscription's order repeats", () => {
  it("before paying: one cycle from now; paid: the subscription's period end", async () => {
    const [plan] = await db.db.select().from(plans).where(eq(plans.id, businessPlanId));
    if (!plan) throw new Error("plan");
    const created = await order({ kind: "subscription", planNumber: plan.number, billingCycle: "yearly" });
    const unpaid = await getCheckoutOrder(db.db, { token: created.token, now });
    expect(unpaid.repeats).toEqual({
      durationValue: 1,
      durationUnit: "year",
      amount: 799900,
      currency: "INR",
      nextChargeAt: addDuration(now, 1, "year").toISOString(),
    });
    await pay(created.orderId);
    const paid = await getCheckoutOrder(db.db, { token: created.token, now });
    expect(paid.repeats?.nextChargeAt).toBe(addDuration(now, 1, "year").toISOString());
    const key = paid.licenses[0]?.key ?? "";
    expect((await getRenewalOptions(db.db, { licenseKey: key, now })).refusal?.reason).toBe("subscription");
  });
});

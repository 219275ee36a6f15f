import { and, eq, orders, plans, products } from "@keyway/db";
import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPlanPrice } from "../../src/catalog/plans";
import { applyPaymentResult } from "../../src/commerce/apply-payment";
import { createOrder } from "../../src/commerce/create-order";
import { createSandboxGateway, sandboxResult } from "../../src/commerce/gateways/sandbox";
import { issueLicense } from "../../src/licensing/issue-license";
import { addDuration } from "../../src/shared/duration";
import { demoSetup, licenseRow } from "../licensing/helpers";
import { accountsOf } from "./accounts";

let db: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;
const publicUrl = "http://keyway.test";
const now = new Date("2026-06-01T00:00:00Z");
const expiry = new Date("2026-07-01T00:00:00Z");

beforeAll(async () => {
  db = await createTestDb();
  ctx = await demoSetup(db.db);
});
afterAll(async () => {
  await db.close();
});

async function license(productId: string, planId: string | null) {
  return db.db.transaction((tx) =>
    issueLicense(tx, {
      vendorId: ctx.vendorId,
      productId,
      planId,
      status: "active",
      durationValue: 1,
      durationUnit: "month",
      startsAt: now,
      expiresAt: expiry,
      testMode: true,
    }),
  );
}

const renew = (key: string, billingCycle?: "monthly" | "yearly") =>
  createOrder(db.db, {
    vendorId: ctx.vendorId,
    item: { kind: "renewal", licenseKey: key, ...(billingCycle ? { billingCycle } : {}) },
    customer: {},
    accounts: accountsOf({ sandbox: createSandboxGateway(publicUrl) }),
    sandbox: "test-mode-only",
    testMode: true,
    publicUrl,
    ttlMinutes: 60,
    now,
  });

async function pay(orderId: string) {
  const [order] = await db.db.select().from(orders).where(eq(orders.id, orderId));
  if (!order) throw new Error("no order");
  return applyPaymentResult(db.db, sandboxResult(order, "pay"), { now });
}

describe("the term an order priced is the term paying it grants", () => {
  it("a plan renewal keeps the year it was priced at when the price changes and is switched off before payment", async () => {
    const [plan] = await db.db
      .select()
      .from(plans)
      .where(and(eq(plans.vendorId, ctx.vendorId), eq(plans.name, "Business Suite")));
    if (!plan) throw new Error("the demo seed has no Business Suite plan");
    const issued = await license(plan.productId, plan.id);
    const order = await renew(issued.key, "yearly");
    expect(order.amount).toBe(799900);
    const [row] = await db.db.select().from(orders).where(eq(orders.id, order.orderId));
    expect(row).toMatchObject({ durationValue: 1, durationUnit: "year" });

    // The vendor makes the yearly cycle two years, then stops selling it, while the buyer pays.
    await setPlanPrice(db.db, {
      vendorId: ctx.vendorId,
      planId: plan.id,
      billingCycle: "yearly",
      amount: 1_499_900,
      durationValue: 2,
      durationUnit: "year",
      active: false,
    });

    expect(await pay(order.orderId)).toMatchObject({ status: "applied", orderStatus: "paid" });
    expect((await licenseRow(db.db, issued.id)).expiresAt).toEqual(addDuration(expiry, 1, "year"));
  });

  it("a product renewal keeps the duration it was priced at when the product's changes before payment", async () => {
    const issued = await license(ctx.addon.id, null);
    const order = await renew(issued.key);
    expect(order.amount).toBe(ctx.addon.price);
    const priced = { value: ctx.addon.durationValue, unit: ctx.addon.durationUnit };
    if (!priced.value || !priced.unit) throw new Error("the demo add-on has no duration");

    await db.db
      .update(products)
      .set({ durationValue: priced.value + 2 })
      .where(eq(products.id, ctx.addon.id));
    try {
      await pay(order.orderId);
    } finally {
      await db.db.update(products).set({ durationValue: priced.value }).where(eq(products.id, ctx.addon.id));
    }
    expect((await licenseRow(db.db, issued.id)).expiresAt).toEqual(
      addDuration(expiry, priced.value, priced.unit),
    );
  });
});

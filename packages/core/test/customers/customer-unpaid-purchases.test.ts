import { customers, licenses, newId, planPrices, plans, subscriptions } from "@keyway/db";
import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMyLicenses, listMySubscriptions } from "../../src/customers/customer-purchases";
import { demoSetup } from "../licensing/helpers";

/** A purchase never paid reserves a pending license and subscription: neither is the customer's yet. */

let db: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;
let customerId: string;
let planId: string;
const now = new Date("2031-01-10T00:00:00Z");

beforeAll(async () => {
  db = await createTestDb();
  ctx = await demoSetup(db.db);
  const [customer] = await db.db
    .insert(customers)
    .values({ vendorId: ctx.vendorId, email: "unpaid@customer.test" })
    .returning();
  const [plan] = await db.db
    .insert(plans)
    .values({ vendorId: ctx.vendorId, productId: ctx.software.id, name: "Studio" })
    .returning();
  if (!customer || !plan) throw new Error("fixtures");
  customerId = customer.id;
  planId = plan.id;
  await db.db.insert(planPrices).values({
    vendorId: ctx.vendorId,
    planId,
    billingCycle: "yearly",
    durationValue: 1,
    durationUnit: "year",
    amount: 99_900,
    currency: "INR",
  });
});
afterAll(async () => {
  await db.close();
});

async function purchase(status: "pending" | "active") {
  const licenseId = newId("lic");
  await db.db.insert(licenses).values({
    id: licenseId,
    vendorId: ctx.vendorId,
    productId: ctx.software.id,
    planId,
    customerId,
    key: `UNP${licenseId.slice(-13).toUpperCase()}`,
    status,
    expiresAt: status === "active" ? new Date("2032-01-10T00:00:00Z") : null,
  });
  const [sub] = await db.db
    .insert(subscriptions)
    .values({
      vendorId: ctx.vendorId,
      customerId,
      planId,
      billingCycle: "yearly",
      licenseId,
      status,
      currentPeriodEnd: status === "active" ? new Date("2032-01-10T00:00:00Z") : null,
    })
    .returning();
  if (!sub) throw new Error("subscription");
  return { licenseId, subscriptionId: sub.id };
}

describe("the customer's purchases", () => {
  it("leave out the license and subscription of an order never paid", async () => {
    const unpaid = await purchase("pending");
    const paid = await purchase("active");
    const scope = { vendorId: ctx.vendorId, customerId };
    const mine = await listMyLicenses(db.db, scope, { now });
    expect(mine.map((l) => l.id)).toEqual([paid.licenseId]);
    const subs = await listMySubscriptions(db.db, scope);
    expect(subs.map((s) => s.id)).toEqual([paid.subscriptionId]);
    expect(subs.map((s) => s.id)).not.toContain(unpaid.subscriptionId);
  });

  it("name the product and plan of a subscription with its price for the cycle", async () => {
    const subs = await listMySubscriptions(db.db, { vendorId: ctx.vendorId, customerId });
    expect(subs[0]).toMatchObject({
      productName: ctx.software.name,
      planName: "Studio",
      amount: 99_900,
      currency: "INR",
      billingCycle: "yearly",
    });
  });
});

import {
  activations,
  and,
  customers,
  eq,
  events,
  licenses,
  orders,
  planPrices,
  plans,
  sql,
  subscriptions,
} from "@keyway/db";
import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrder } from "../../src/commerce/create-order";
import { createSandboxGateway } from "../../src/commerce/gateways/sandbox";
import { demoSetup } from "../licensing/helpers";
import { accountsOf } from "./accounts";

let db: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;
const publicUrl = "http://keyway.test";
const gateways = { sandbox: createSandboxGateway(publicUrl) };

beforeAll(async () => {
  db = await createTestDb();
  ctx = await demoSetup(db.db);
});
afterAll(async () => {
  await db.close();
});

const addonOrder = (phone: string, serial = "B-12345678", email?: string) =>
  createOrder(db.db, {
    vendorId: ctx.vendorId,
    item: { kind: "addon", productNumber: ctx.addon.number, serialNo: serial },
    customer: { phone, ...(email ? { email } : {}) },
    accounts: accountsOf(gateways),
    sandbox: "test-mode-only",
    testMode: true,
    publicUrl,
    ttlMinutes: 60,
    actor: "test",
  });

describe("createOrder", () => {
  it("writes the order, its pending license, seat and audit events together", async () => {
    const order = await addonOrder("98765 43210");
    expect(order.paymentUrl).toBe(`${publicUrl}/pay/${order.token}`);
    const [row] = await db.db.select().from(orders).where(eq(orders.id, order.orderId));
    expect(row).toMatchObject({ kind: "addon", status: "pending", reference: order.reference });
    const [license] = await db.db
      .select()
      .from(licenses)
      .where(eq(licenses.id, row?.licenseId ?? ""));
    expect(license).toMatchObject({ key: order.licenseKeys[0], status: "pending", orderId: order.orderId });
    expect(license?.customerId).toBe(row?.customerId);
    const seats = await db.db
      .select()
      .from(activations)
      .where(eq(activations.licenseId, license?.id ?? ""));
    expect(seats.map((s) => s.label)).toEqual(["B-12345678"]);
    const types = await db.db
      .select({ type: events.type, subjectId: events.subjectId, data: events.data })
      .from(events)
      .where(sql`${events.subjectId} in (${order.orderId}, ${license?.id ?? ""})`);
    expect(types.map((t) => t.type).sort()).toEqual(["license.created", "order.created"]);
    expect(types.find((t) => t.type === "order.created")?.data).toMatchObject({ order_id: order.orderId });
  });

  it("creates one customer for concurrent first orders of the same contact", async () => {
    const made = await Promise.all(Array.from({ length: 8 }, () => addonOrder("9000000001")));
    const rows = await db.db.select().from(customers).where(eq(customers.phone, "9000000001"));
    expect(rows).toHaveLength(1);
    const owners = await db.db
      .select({ customerId: orders.customerId })
      .from(orders)
      .where(sql`${orders.id} in ${made.map((m) => m.orderId)}`);
    expect(new Set(owners.map((o) => o.customerId))).toEqual(new Set([rows[0]?.id]));
  });

  it("finds the customer by email first, and adds an email to one found by phone", async () => {
    await addonOrder("9000000002");
    await addonOrder("9000000002", "B-12345678", "Fresh.Buyer@Example.com");
    const [byPhone] = await db.db.select().from(customers).where(eq(customers.phone, "9000000002"));
    expect(byPhone?.email).toBe("fresh.buyer@example.com");
    const again = await addonOrder("9000000003", "B-12345678", "fresh.buyer@example.com");
    const [row] = await db.db.select().from(orders).where(eq(orders.id, again.orderId));
    expect(row?.customerId).toBe(byPhone?.id);
  });

  it("writes nothing when a part of the order fails", async () => {
    const before = await db.db.select({ n: sql<number>`count(*)::int` }).from(orders);
    // The add-on's seat kind is a serial number: an invalid one is refused before any write.
    await expect(addonOrder("9000000004", "not a serial")).rejects.toThrow();
    // A failure inside the write statement (here its last part) rolls back every part of it.
    await db.db.execute(sql`create or replace function keyway_test_fail() returns trigger language plpgsql as $$
      begin raise exception 'boom'; end $$`);
    await db.db.execute(
      sql`create trigger keyway_test_fail after insert on events for each row execute function keyway_test_fail()`,
    );
    try {
      await expect(addonOrder("9000000005")).rejects.toThrow();
    } finally {
      await db.db.execute(sql`drop trigger keyway_test_fail on events`);
    }
    const after = await db.db.select({ n: sql<number>`count(*)::int` }).from(orders);
    expect(after[0]?.n).toBe(before[0]?.n);
    expect(await db.db.select().from(customers).where(eq(customers.phone, "9000000005"))).toHaveLength(0);
  });

  it("reserves a subscription's license and pending subscription in the same write", async () => {
    const [price] = await db.db
      .select({ planNumber: plans.number, billingCycle: planPrices.billingCycle })
      .from(planPrices)
      .innerJoin(plans, eq(plans.id, planPrices.planId))
      .where(and(eq(plans.vendorId, ctx.vendorId), eq(planPrices.active, true)))
      .limit(1);
    if (!price || price.billingCycle === "custom") throw new Error("the demo seed has no plan price");
    const order = await createOrder(db.db, {
      vendorId: ctx.vendorId,
      item: { kind: "subscription", planNumber: price.planNumber, billingCycle: price.billingCycle },
      customer: { phone: "9000000006" },
      accounts: accountsOf(gateways),
      sandbox: "test-mode-only",
      testMode: true,
      publicUrl,
      ttlMinutes: 60,
    });
    expect(order.subscriptionId).toEqual(expect.any(Number));
    const [sub] = await db.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.id, order.subscriptionId ?? 0));
    const [row] = await db.db.select().from(orders).where(eq(orders.id, order.orderId));
    expect(sub).toMatchObject({ status: "pending", licenseId: row?.licenseId });
    expect(row?.subscriptionId).toBe(order.subscriptionId);
  });
});

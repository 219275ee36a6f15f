import { and, eq, events, inArray, orders } from "@keyway/db";
import { createTestDb, type TestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPaymentResult } from "../../src/commerce/apply-payment";
import { createOrder } from "../../src/commerce/create-order";
import { sandboxResult } from "../../src/commerce/gateways/sandbox";
import { demoSetup } from "../licensing/helpers";
import { handles, orderSettings, shift, tick } from "./helpers";

let testDb: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;
const t0 = new Date("2026-11-01T00:00:00Z");
const TTL = orderSettings.ttlMinutes * 60_000;

beforeAll(async () => {
  testDb = await createTestDb();
  ctx = await demoSetup(testDb.db);
});
afterAll(async () => {
  await testDb.close();
});

let serial = 10_000_000;
const addonOrder = (now: Date) =>
  createOrder(testDb.db, {
    ...orderSettings,
    vendorId: ctx.vendorId,
    item: { kind: "addon", productNumber: ctx.addon.number, serialNo: `B-${serial++}` },
    customer: { phone: "9000022222" },
    testMode: true,
    now,
  });

const orderRow = async (id: string) => {
  const [row] = await testDb.db.select().from(orders).where(eq(orders.id, id));
  if (!row) throw new Error("no order");
  return row;
};
const expiredEvents = (ids: string[]) =>
  testDb.db
    .select()
    .from(events)
    .where(and(eq(events.type, "order.expired"), inArray(events.subjectId, ids)));

describe("unpaid orders past their TTL", () => {
  it("expire once, announced with order.expired", async () => {
    const order = await addonOrder(t0);
    await tick(testDb.db, shift(t0, TTL - 1));
    expect(await orderRow(order.orderId)).toMatchObject({ status: "pending" });
    await tick(testDb.db, shift(t0, TTL));
    await tick(testDb.db, shift(t0, TTL + 60_000));
    expect(await orderRow(order.orderId)).toMatchObject({ status: "expired" });
    const announced = await expiredEvents([order.orderId]);
    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatchObject({ subjectType: "order", actor: "system" });
    expect(announced[0]?.data).toMatchObject({
      order_id: order.orderId,
      reference: order.reference,
      amount: order.amount,
      currency: order.currency,
      test_mode: true,
    });
  });

  it("a payment that arrives after the order expired is not applied", async () => {
    const order = await addonOrder(shift(t0, 1000));
    await tick(testDb.db, shift(t0, TTL + 2000));
    const row = await orderRow(order.orderId);
    const outcome = await applyPaymentResult(testDb.db, sandboxResult(row, "pay"), {
      now: shift(t0, TTL + 3000),
    });
    expect(outcome.orderStatus).toBe("expired");
    expect(await orderRow(order.orderId)).toMatchObject({ status: "expired", paidAt: null });
  });

  it("a payment that finds the order past its TTL before the scheduler did expires it, announced once", async () => {
    const order = await addonOrder(shift(t0, 1500));
    const outcome = await applyPaymentResult(testDb.db, sandboxResult(await orderRow(order.orderId), "pay"), {
      now: shift(t0, TTL + 2000),
    });
    expect(outcome.orderStatus).toBe("expired");
    await tick(testDb.db, shift(t0, TTL + 3000));
    expect(await expiredEvents([order.orderId])).toHaveLength(1);
  });

  it("a paid order never expires", async () => {
    const order = await addonOrder(shift(t0, 2000));
    await applyPaymentResult(testDb.db, sandboxResult(await orderRow(order.orderId), "pay"), {
      now: shift(t0, 3000),
    });
    await tick(testDb.db, shift(t0, TTL * 10));
    expect(await orderRow(order.orderId)).toMatchObject({ status: "paid" });
    expect(await expiredEvents([order.orderId])).toEqual([]);
  });

  it("three schedulers racing expire each order once", async () => {
    const made = [];
    for (let i = 0; i < 9; i++) made.push(await addonOrder(shift(t0, 10_000 + i)));
    const { dbs, close } = await handles(testDb, 3);
    try {
      await Promise.all(dbs.map((db) => tick(db, shift(t0, TTL + 20_000), 2)));
    } finally {
      await close();
    }
    const ids = made.map((o) => o.orderId);
    const announced = await expiredEvents(ids);
    expect(announced.map((e) => e.subjectId).sort()).toEqual([...ids].sort());
  });
});

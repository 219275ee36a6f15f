import { newId, orders, payments } from "@keyway/db";
import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDashboard } from "../../src/reporting/dashboard";
import { demoSetup } from "../licensing/helpers";

let db: TestDb;
let ctx: Awaited<ReturnType<typeof demoSetup>>;
const now = new Date("2026-03-10T06:00:00Z");

beforeAll(async () => {
  db = await createTestDb();
  ctx = await demoSetup(db.db);
});
afterAll(async () => {
  await db.close();
});

/** A paid order and its succeeded payment, as applyPaymentResult leaves them. */
async function paidOrder(amount: number, testMode: boolean, paidAt: Date) {
  const id = newId("ord");
  await db.db.insert(orders).values({
    id,
    vendorId: ctx.vendorId,
    reference: `TXN-${id}`,
    token: `tok_${id}`,
    kind: "addon",
    status: "paid",
    productId: ctx.addon.id,
    amount,
    currency: "INR",
    gateway: "sandbox",
    testMode,
    expiresAt: paidAt,
    paidAt,
    createdAt: paidAt,
  });
  await db.db.insert(payments).values({
    vendorId: ctx.vendorId,
    orderId: id,
    gateway: "sandbox",
    gatewayTxnId: `SBX-${id}`,
    status: "succeeded",
    amount,
    currency: "INR",
    createdAt: paidAt,
  });
}

describe("getDashboard", () => {
  it("keeps test money apart from live money, per day and in the totals", async () => {
    const yesterday = new Date(now.getTime() - 86_400_000);
    await paidOrder(299900, false, yesterday);
    await paidOrder(100000, true, yesterday);
    await paidOrder(50000, true, now);

    const dashboard = await getDashboard(db.db, { vendorId: ctx.vendorId, days: 7, now });
    expect(dashboard.totals).toMatchObject({
      revenue: { INR: 299900 },
      testRevenue: { INR: 150000 },
      paidOrders: 1,
      testPaidOrders: 2,
    });
    const day = (d: Date) => dashboard.days.find((x) => x.day === d.toISOString().slice(0, 10));
    expect(day(yesterday)).toMatchObject({ revenue: { INR: 299900 }, testRevenue: { INR: 100000 } });
    expect(day(now)).toMatchObject({ revenue: {}, testRevenue: { INR: 50000 } });
  });
});

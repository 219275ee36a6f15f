import { disputes, eq } from "@keyway/db";
import { createTestDb, type TestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderEvent } from "../../src";
import { suspendLicense } from "../../src/licensing/change-license-state";
import { licensesOf, orderEventTypes, refundSetup } from "./refund-helpers";

let db: TestDb;
let setup: Awaited<ReturnType<typeof refundSetup>>;

beforeAll(async () => {
  db = await createTestDb();
  setup = await refundSetup(db);
});
afterAll(async () => {
  await db.close();
});

const dispute = (id: string, status: "open" | "won" | "lost", amount: number): ProviderEvent => ({
  kind: "dispute",
  gatewayDisputeId: id,
  status,
  amount,
  currency: "INR",
  reason: "MERCHANDISE_OR_SERVICE_NOT_RECEIVED",
  raw: {},
});

/** A paid package order of two licenses, the first suspended by the vendor beforehand. */
async function paidPackage() {
  const order = await setup.packageOrder();
  await setup.pay(order, "paypal");
  const [first, second] = await licensesOf(db.db, order.orderId);
  if (!first || !second) throw new Error("two licenses expected");
  await suspendLicense(db.db, { vendorId: setup.vendorId, licenseId: first.id });
  return { order, first: first.id, second: second.id };
}

const statuses = async (orderId: string) =>
  Object.fromEntries((await licensesOf(db.db, orderId)).map((l) => [l.id, l.status]));

describe("disputes", () => {
  it("open suspends; won reinstates only what the dispute suspended", async () => {
    const { order, first, second } = await paidPackage();
    const opened = await setup.providerEvent(order.orderId, dispute("DSP-WON-1", "open", order.amount));
    expect(opened).toEqual({ applied: true, orderStatus: "paid" });
    expect(await statuses(order.orderId)).toEqual({ [first]: "suspended", [second]: "suspended" });
    const [row] = await db.db.select().from(disputes).where(eq(disputes.gatewayDisputeId, "DSP-WON-1"));
    expect(row).toMatchObject({ status: "open", suspendedLicenseIds: [second] });

    // The same report again, and an update while still open, change nothing.
    expect(
      (await setup.providerEvent(order.orderId, dispute("DSP-WON-1", "open", order.amount))).applied,
    ).toBe(false);

    const won = await setup.providerEvent(order.orderId, dispute("DSP-WON-1", "won", order.amount));
    expect(won.applied).toBe(true);
    // The license the vendor suspended beforehand stays suspended.
    expect(await statuses(order.orderId)).toEqual({ [first]: "suspended", [second]: "active" });
    expect(
      (await setup.providerEvent(order.orderId, dispute("DSP-WON-1", "won", order.amount))).applied,
    ).toBe(false);
    const types = await orderEventTypes(db.db, order.orderId);
    expect(types.filter((t) => t.startsWith("dispute."))).toEqual(["dispute.opened", "dispute.closed"]);
  });

  it("lost revokes the order's licenses, once", async () => {
    const order = await setup.addonOrder("paypal");
    await setup.pay(order, "paypal");
    await setup.providerEvent(order.orderId, dispute("DSP-LOST-1", "open", order.amount));
    expect((await licensesOf(db.db, order.orderId))[0]?.status).toBe("suspended");
    const lost = dispute("DSP-LOST-1", "lost", order.amount);
    expect((await setup.providerEvent(order.orderId, lost)).applied).toBe(true);
    expect((await setup.providerEvent(order.orderId, lost)).applied).toBe(false);
    expect((await licensesOf(db.db, order.orderId))[0]?.status).toBe("revoked");
    const [row] = await db.db.select().from(disputes).where(eq(disputes.gatewayDisputeId, "DSP-LOST-1"));
    expect(row?.status).toBe("lost");
    expect(row?.closedAt).not.toBeNull();
    const types = await orderEventTypes(db.db, order.orderId);
    expect(types.filter((t) => t.startsWith("dispute."))).toEqual(["dispute.opened", "dispute.closed"]);
  });

  it("a dispute first reported already closed is opened and closed in one go", async () => {
    const order = await setup.addonOrder("paypal");
    await setup.pay(order, "paypal");
    expect(
      (await setup.providerEvent(order.orderId, dispute("DSP-LATE-1", "won", order.amount))).applied,
    ).toBe(true);
    expect((await licensesOf(db.db, order.orderId))[0]?.status).toBe("active");
    const types = await orderEventTypes(db.db, order.orderId);
    expect(types.filter((t) => t.startsWith("dispute."))).toEqual(["dispute.opened", "dispute.closed"]);
  });
});

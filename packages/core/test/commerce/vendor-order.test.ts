import { createTestDb, type TestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getVendorOrder } from "../../src/commerce/vendor-order";
import { otherVendor } from "../licensing/helpers";
import { refundSetup } from "./refund-helpers";

let db: TestDb;
let ctx: Awaited<ReturnType<typeof refundSetup>>;

beforeAll(async () => {
  db = await createTestDb();
  ctx = await refundSetup(db);
});
afterAll(async () => {
  await db.close();
});

describe("getVendorOrder", () => {
  it("shows a paid add-on order whole: item, customer, the payment and the license it made", async () => {
    const order = await ctx.addonOrder("paypal", "9000077001");
    await ctx.pay(order, "paypal");
    const detail = await getVendorOrder(db.db, { vendorId: ctx.vendorId, orderId: order.orderId });
    expect(detail.order).toMatchObject({ id: order.orderId, status: "paid", kind: "addon", testMode: false });
    expect(detail.item).toMatchObject({ productName: ctx.addon.name, planName: null, quantity: 1 });
    expect(detail.customer).toMatchObject({ phone: "9000077001", email: null });
    expect(detail.payments).toEqual([
      expect.objectContaining({
        gateway: "paypal",
        reference: `CAP-${order.reference}`,
        status: "succeeded",
        amount: order.amount,
        currency: order.currency,
      }),
    ]);
    expect(detail.licenses).toEqual([
      expect.objectContaining({ status: "active", productName: ctx.addon.name }),
    ]);
    expect(detail.licenses[0]?.id).toBe(detail.order.licenseId);
  });

  it("lists every license of a package order, and none of its payments before it is paid", async () => {
    const order = await ctx.packageOrder();
    const pending = await getVendorOrder(db.db, { vendorId: ctx.vendorId, orderId: order.orderId });
    expect(pending.order.status).toBe("pending");
    expect(pending.payments).toEqual([]);
    expect(pending.licenses).toEqual([]);
    expect(pending.customer).toBeNull();
    await ctx.pay(order, "paypal");
    const paid = await getVendorOrder(db.db, { vendorId: ctx.vendorId, orderId: order.orderId });
    expect(paid.item.quantity).toBe(2);
    expect(paid.licenses.map((l) => l.status)).toEqual(["active", "active"]);
  });

  it("is not found for another vendor, nor for an unknown id", async () => {
    const order = await ctx.addonOrder("sandbox", "9000077002");
    const other = await otherVendor(db.db);
    await expect(getVendorOrder(db.db, { vendorId: other, orderId: order.orderId })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      getVendorOrder(db.db, { vendorId: ctx.vendorId, orderId: "ord_00000000000000000000" }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});

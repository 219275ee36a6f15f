import { createTestDb, type TestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refundOrder } from "../../src/commerce/refunds/refund-order";
import { DomainError } from "../../src/shared/errors";
import { licensesOf, orderEventTypes, orderRow, refundSetup, refundsOf } from "./refund-helpers";

let db: TestDb;
let setup: Awaited<ReturnType<typeof refundSetup>>;

beforeAll(async () => {
  db = await createTestDb();
  setup = await refundSetup(db);
});
afterAll(async () => {
  await db.close();
});

const refund = (orderId: string, params: { amount?: number; licenseAction?: "revoke" | "keep" } = {}) =>
  refundOrder(db.db, {
    vendorId: setup.vendorId,
    orderId,
    ...params,
    accounts: setup.accounts,
    actor: "user:test",
  });

describe("refundOrder", () => {
  it("two partial refunds at once never together exceed the payment", async () => {
    const order = await setup.addonOrder("sandbox");
    await setup.pay(order, "sandbox");
    const big = Math.floor(order.amount * 0.6);
    const both = await Promise.allSettled([
      refund(order.orderId, { amount: big }),
      refund(order.orderId, { amount: big }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = both.find((r) => r.status === "rejected");
    expect(refused?.reason).toBeInstanceOf(DomainError);
    expect(refused?.reason).toMatchObject({ code: "invalid_input" });
    expect(await orderRow(db.db, order.orderId)).toMatchObject({
      status: "partially_refunded",
      refundedAmount: big,
    });

    // Two that fit add up; the license is kept (partial refunds keep it by default).
    const small = Math.floor(order.amount * 0.1);
    await Promise.all([refund(order.orderId, { amount: small }), refund(order.orderId, { amount: small })]);
    expect(await orderRow(db.db, order.orderId)).toMatchObject({ refundedAmount: big + 2 * small });
    expect((await licensesOf(db.db, order.orderId))[0]?.status).toBe("active");

    // The rest, by default: the order is refunded and its license revoked.
    const last = await refund(order.orderId);
    expect(last.refund.amount).toBe(order.amount - big - 2 * small);
    expect(last.order).toMatchObject({ status: "refunded", refundedAmount: order.amount });
    expect((await licensesOf(db.db, order.orderId))[0]?.status).toBe("revoked");
    const rows = await refundsOf(db.db, order.orderId);
    expect(rows.filter((r) => r.status === "succeeded").reduce((n, r) => n + r.amount, 0)).toBe(order.amount);
    await expect(refund(order.orderId, { amount: 1 })).rejects.toMatchObject({ code: "conflict" });
  });

  it("refuses an order that was never paid", async () => {
    const order = await setup.addonOrder("sandbox");
    await expect(refund(order.orderId)).rejects.toMatchObject({ code: "conflict" });
    expect(await refundsOf(db.db, order.orderId)).toEqual([]);
  });

  it("asks the provider under the refund's id, once", async () => {
    const order = await setup.addonOrder("paypal");
    await setup.pay(order, "paypal");
    const before = setup.provider.requests.length;
    const result = await refund(order.orderId, { amount: 1000 });
    const request = setup.provider.requests.at(-1);
    expect(setup.provider.requests.length).toBe(before + 1);
    expect(request).toMatchObject({ amount: 1000, gatewayTxnId: `CAP-${order.reference}` });
    expect(request?.idempotencyKey).toBe(result.refund.id);
    expect(result.refund).toMatchObject({ status: "succeeded", source: "keyway", licenseAction: "keep" });
  });
});

describe("provider refunds (webhooks)", () => {
  it("a refund that beats the payment callback leaves the order refunded and its reserved license revoked", async () => {
    const order = await setup.addonOrder("paypal");
    const reported = await setup.providerEvent(order.orderId, {
      kind: "refund",
      gatewayRefundId: "RF-EARLY-1",
      amount: order.amount,
      currency: order.currency,
      raw: {},
    });
    expect(reported).toEqual({ applied: true, orderStatus: "refunded" });
    expect((await licensesOf(db.db, order.orderId))[0]?.status).toBe("revoked");

    // The late payment callback finds nothing to fulfil.
    const late = await setup.pay(order, "paypal");
    expect(late).toMatchObject({ status: "unchanged", orderStatus: "refunded" });
    expect(await orderRow(db.db, order.orderId)).toMatchObject({ status: "refunded", paidAt: null });
    expect((await licensesOf(db.db, order.orderId))[0]?.status).toBe("revoked");
    expect(await orderEventTypes(db.db, order.orderId)).not.toContain("payment.succeeded");
  });

  it("the same provider refund twice changes nothing the second time", async () => {
    const order = await setup.addonOrder("paypal");
    await setup.pay(order, "paypal");
    const event = {
      kind: "refund" as const,
      gatewayRefundId: "RF-TWICE-1",
      amount: 50_000,
      currency: order.currency,
      raw: {},
    };
    expect(await setup.providerEvent(order.orderId, event)).toEqual({
      applied: true,
      orderStatus: "partially_refunded",
    });
    expect(await setup.providerEvent(order.orderId, event)).toEqual({
      applied: false,
      orderStatus: "partially_refunded",
    });
    expect(await orderRow(db.db, order.orderId)).toMatchObject({ refundedAmount: 50_000 });
    expect(await refundsOf(db.db, order.orderId)).toHaveLength(1);
    const types = await orderEventTypes(db.db, order.orderId);
    expect(types.filter((t) => t === "payment.refunded")).toHaveLength(1);
  });

  it("the webhook of a refund Keyway is still waiting for is that refund, not a second one", async () => {
    const order = await setup.addonOrder("paypal");
    await setup.pay(order, "paypal");
    // The provider's webhook arrives before its API answers Keyway.
    setup.provider.refund = async (request) => {
      await setup.providerEvent(order.orderId, {
        kind: "refund",
        gatewayRefundId: "RF-RACE-1",
        amount: request.amount,
        currency: request.currency,
        raw: {},
      });
      return { gatewayRefundId: "RF-RACE-1", status: "succeeded", raw: {} };
    };
    const result = await refund(order.orderId, { amount: 70_000 });
    expect(result.refund).toMatchObject({
      status: "succeeded",
      gatewayRefundId: "RF-RACE-1",
      source: "keyway",
    });
    expect(await orderRow(db.db, order.orderId)).toMatchObject({ refundedAmount: 70_000 });
    expect(await refundsOf(db.db, order.orderId)).toHaveLength(1);

    // A refund the provider accepts for later: pending until its webhook confirms it, once.
    setup.provider.refund = async () => ({ gatewayRefundId: "RF-LATER-1", status: "pending", raw: {} });
    const pending = await refund(order.orderId, { amount: 30_000 });
    expect(pending.refund.status).toBe("pending");
    expect(pending.order).toMatchObject({ status: "partially_refunded", refundedAmount: 70_000 });
    const confirm = {
      kind: "refund" as const,
      gatewayRefundId: "RF-LATER-1",
      amount: 30_000,
      currency: order.currency,
      raw: {},
    };
    expect((await setup.providerEvent(order.orderId, confirm)).applied).toBe(true);
    expect((await setup.providerEvent(order.orderId, confirm)).applied).toBe(false);
    expect(await orderRow(db.db, order.orderId)).toMatchObject({ refundedAmount: 100_000 });
    const rows = await refundsOf(db.db, order.orderId);
    expect(rows.map((r) => [r.gatewayRefundId, r.status, r.source])).toEqual([
      ["RF-RACE-1", "succeeded", "keyway"],
      ["RF-LATER-1", "succeeded", "keyway"],
    ]);
    setup.provider.refund = async (request) => ({
      gatewayRefundId: `PP-RF-${request.idempotencyKey}`,
      status: "succeeded",
      raw: {},
    });
  });

  it("a provider refusal is recorded as a failed refund and told to the vendor", async () => {
    const order = await setup.addonOrder("paypal");
    await setup.pay(order, "paypal");
    const answer = setup.provider.refund;
    setup.provider.refund = async () => ({ gatewayRefundId: "RF-NO-1", status: "failed", raw: {} });
    try {
      await expect(refund(order.orderId)).rejects.toMatchObject({ code: "gateway_error" });
    } finally {
      setup.provider.refund = answer;
    }
    expect(await orderRow(db.db, order.orderId)).toMatchObject({ status: "paid", refundedAmount: 0 });
    expect((await refundsOf(db.db, order.orderId)).map((r) => r.status)).toEqual(["failed"]);
    expect((await licensesOf(db.db, order.orderId))[0]?.status).toBe("active");
  });
});

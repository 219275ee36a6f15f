import { createPayPalGateway, type GatewayCallback } from "@keyway/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakePayPal } from "./fakes/paypal";

/**
 * The PayPal adapter's refunds (Payments v2 captures) and the refund / dispute webhooks PayPal
 * sends, against the fake PayPal: no Keyway server, only what the adapter asks and answers.
 */

let paypal: Awaited<ReturnType<typeof startFakePayPal>>;
beforeAll(async () => {
  paypal = await startFakePayPal("client-id", "client-secret");
});
afterAll(() => paypal.close());

const gateway = (webhookId = "WH-VENDOR-A") =>
  createPayPalGateway({
    baseUrl: paypal.url,
    clientId: "client-id",
    clientSecret: "client-secret",
    webhookId,
  });

let n = 0;
/** An order paid at PayPal: its reference and the capture id Keyway stores as `gatewayTxnId`. */
async function paidCapture(amount: number, currency = "USD") {
  const reference = `TXN-REFUND-${++n}`;
  const opened = await gateway().createPayment({
    orderId: `ord_${reference}`,
    reference,
    token: `tok_${reference}`,
    amount,
    currency,
    description: "Biznoq add-on",
    customer: {},
    returnUrl: "https://example.com/return",
    cancelUrl: "https://example.com/cancel",
    extra: {},
    createdAt: new Date(),
  });
  const gatewayOrderId = opened.gatewayOrderId ?? "";
  paypal.approve(gatewayOrderId);
  const order = { reference, gatewayOrderId, createdAt: new Date(), amount, currency };
  const paid = await gateway().fetchStatus?.(order);
  if (paid?.outcome !== "paid") throw new Error("the fake did not capture");
  return { reference, order, captureId: paid.gatewayTxnId };
}

const refund = (
  paid: { reference: string; captureId: string },
  amount: number,
  idempotencyKey: string,
  currency = "USD",
) =>
  gateway().refund?.({
    reference: paid.reference,
    gatewayOrderId: null,
    gatewayTxnId: paid.captureId,
    amount,
    currency,
    reason: "Customer asked",
    idempotencyKey,
  });

const refundsOf = (captureId: string) =>
  paypal.refunds.filter((r) => r.captureId === captureId).map((r) => r.amount.value);

describe("refunding a PayPal capture", () => {
  it("refunds all of it: PayPal holds one refund for the capture, tagged with the order's reference", async () => {
    const paid = await paidCapture(4999);
    const outcome = await refund(paid, 4999, "refund-full-1");
    expect(outcome).toMatchObject({ status: "succeeded", gatewayRefundId: expect.any(String) });
    const [made] = paypal.refunds.filter((r) => r.captureId === paid.captureId);
    expect(made).toMatchObject({
      id: outcome?.gatewayRefundId,
      amount: { currency_code: "USD", value: "49.99" },
      custom_id: paid.reference,
      note_to_payer: "Customer asked",
    });
    // The payment stays paid: its refund is recorded on its own.
    expect(await gateway().fetchStatus?.(paid.order)).toMatchObject({ outcome: "paid", amount: 4999 });
  });

  it("takes several partial refunds that add up to the capture, then refuses any more", async () => {
    const paid = await paidCapture(1500, "JPY");
    expect(await refund(paid, 500, "refund-part-1", "JPY")).toMatchObject({ status: "succeeded" });
    expect(await refund(paid, 1000, "refund-part-2", "JPY")).toMatchObject({ status: "succeeded" });
    expect(refundsOf(paid.captureId)).toEqual(["500", "1000"]);
    await expect(refund(paid, 1, "refund-part-3", "JPY")).rejects.toMatchObject({
      code: "gateway_error",
      message: expect.stringContaining("CAPTURE_FULLY_REFUNDED"),
    });
  });

  it("refuses to refund more than is left, with PayPal's reason in a gateway_error", async () => {
    const paid = await paidCapture(1000);
    await refund(paid, 400, "refund-over-1");
    await expect(refund(paid, 601, "refund-over-2")).rejects.toMatchObject({
      code: "gateway_error",
      message: expect.stringMatching(/^PayPal refused the refund: .*REFUND_AMOUNT_EXCEEDED/),
    });
    expect(refundsOf(paid.captureId)).toEqual(["4.00"]);
  });

  it("asks twice with the same key (a retry after a crash) and PayPal refunds once", async () => {
    const paid = await paidCapture(2500);
    const first = await refund(paid, 1000, "refund-retry-1");
    const again = await refund(paid, 1000, "refund-retry-1");
    expect(again?.gatewayRefundId).toBe(first?.gatewayRefundId);
    expect(refundsOf(paid.captureId)).toEqual(["10.00"]);
  });

  it("reads a refund PayPal has accepted but not yet sent as pending", async () => {
    const paid = await paidCapture(1000);
    paypal.knobs.refundStatus = "PENDING";
    try {
      expect(await refund(paid, 1000, "refund-pending-1")).toMatchObject({ status: "pending" });
    } finally {
      paypal.knobs.refundStatus = "COMPLETED";
    }
  });
});

/** A webhook as PayPal posts it, with the transmission headers; the fake passes `sig` "valid". */
const webhook = (event: Record<string, unknown>, sig = "valid"): GatewayCallback => ({
  kind: "callback",
  query: {},
  body: event,
  rawBody: JSON.stringify(event),
  headers: {
    "paypal-transmission-id": `t-${++n}`,
    "paypal-transmission-time": new Date().toISOString(),
    "paypal-transmission-sig": sig,
    "paypal-cert-url": `${paypal.url}/cert.pem`,
    "paypal-auth-algo": "SHA256withRSA",
  },
});

describe("refund and dispute webhooks from PayPal", () => {
  it("names the capture of a refund made in PayPal's dashboard, with its amount", async () => {
    const paid = await paidCapture(4999);
    const event = paypal.refundEvent(paid.captureId, "20.00", { note: "Refunded by support" });
    const claim = await gateway().verifyCallback?.(webhook(event));
    expect(claim).toEqual({
      gatewayTxnId: paid.captureId,
      event: {
        kind: "refund",
        gatewayRefundId: event.resource.id,
        amount: 2000,
        currency: "USD",
        reason: "Refunded by support",
        raw: event,
      },
    });
  });

  it("carries the order's reference for a refund Keyway asked for, and reads a reversal as a refund", async () => {
    const paid = await paidCapture(1000);
    const made = await refund(paid, 1000, "refund-event-1");
    const refunded = await gateway().verifyCallback?.(
      webhook(paypal.refundEvent(paid.captureId, "10.00", { id: made?.gatewayRefundId })),
    );
    expect(refunded).toMatchObject({
      gatewayTxnId: paid.captureId,
      reference: paid.reference,
      event: { kind: "refund", gatewayRefundId: made?.gatewayRefundId, amount: 1000 },
    });
    const other = await paidCapture(700);
    const reversed = paypal.refundEvent(other.captureId, "7.00", { reversed: true });
    expect(reversed.event_type).toBe("PAYMENT.CAPTURE.REVERSED");
    expect(await gateway().verifyCallback?.(webhook(reversed))).toMatchObject({
      gatewayTxnId: other.captureId,
      event: { kind: "refund", amount: 700, currency: "USD" },
    });
  });

  it.each([
    { outcome: "RESOLVED_SELLER_FAVOUR", status: "won" },
    { outcome: "CANCELED_BY_BUYER", status: "won" },
    { outcome: "DENIED", status: "won" },
    { outcome: "RESOLVED_BUYER_FAVOUR", status: "lost" },
    { outcome: "RESOLVED_WITH_PAYOUT", status: "lost" },
    { outcome: "ACCEPTED", status: "lost" },
  ] as const)("reads a dispute opened, then resolved $outcome, as $status", async ({ outcome, status }) => {
    const paid = await paidCapture(4999);
    const opened = paypal.disputeEvent(paid.captureId, "CUSTOMER.DISPUTE.CREATED");
    expect(await gateway().verifyCallback?.(webhook(opened))).toEqual({
      gatewayTxnId: paid.captureId,
      event: {
        kind: "dispute",
        gatewayDisputeId: opened.resource.dispute_id,
        status: "open",
        amount: 4999,
        currency: "USD",
        reason: "MERCHANDISE_OR_SERVICE_NOT_RECEIVED",
        raw: opened,
      },
    });
    const resolved = paypal.disputeEvent(paid.captureId, "CUSTOMER.DISPUTE.RESOLVED", {
      outcome,
      amount: "20.00",
    });
    expect(await gateway().verifyCallback?.(webhook(resolved))).toMatchObject({
      gatewayTxnId: paid.captureId,
      event: { kind: "dispute", gatewayDisputeId: opened.resource.dispute_id, status, amount: 2000 },
    });
  });

  it("asks PayPal to verify each event with the gateway's own webhook id", async () => {
    const paid = await paidCapture(1000);
    const event = paypal.disputeEvent(paid.captureId, "CUSTOMER.DISPUTE.CREATED");
    await gateway("WH-VENDOR-A").verifyCallback?.(webhook(event));
    expect(paypal.webhookIds.at(-1)).toBe("WH-VENDOR-A");
    await gateway("WH-VENDOR-B").verifyCallback?.(webhook(event));
    expect(paypal.webhookIds.at(-1)).toBe("WH-VENDOR-B");
  });

  it("refuses an event whose signature PayPal does not confirm, and one for a gateway without a webhook id", async () => {
    const paid = await paidCapture(1000);
    const event = paypal.refundEvent(paid.captureId, "10.00");
    expect(await gateway().verifyCallback?.(webhook(event, "forged"))).toBeNull();
    const noWebhook = createPayPalGateway({
      baseUrl: paypal.url,
      clientId: "client-id",
      clientSecret: "client-secret",
    });
    expect(await noWebhook.verifyCallback?.(webhook(event))).toBeNull();
  });

  it("still reads a completed capture event as a payment of its order, not as a refund", async () => {
    const paid = await paidCapture(1000);
    const event = {
      id: "WH-CAPTURE",
      event_type: "PAYMENT.CAPTURE.COMPLETED",
      resource_type: "capture",
      resource: {
        id: paid.captureId,
        status: "COMPLETED",
        custom_id: paid.reference,
        supplementary_data: { related_ids: { order_id: paid.order.gatewayOrderId } },
      },
    };
    expect(await gateway().verifyCallback?.(webhook(event))).toEqual({
      gatewayOrderId: paid.order.gatewayOrderId,
      reference: paid.reference,
    });
  });
});

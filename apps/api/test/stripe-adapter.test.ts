import { createServer } from "node:net";
import { createStripeGateway, DomainError } from "@keyway/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeStripe } from "./fakes/stripe";

// The adapter against a local Stripe, no Keyway server: what Stripe is asked, and what its
// answers and webhooks become.
const SECRET_KEY = "sk_test_51KeywayFakeStripeKey0000000000001234";
const WEBHOOK_SECRET = "whsec_keyway_fake_endpoint_secret";
let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
let gateway: ReturnType<typeof createStripeGateway>;

beforeAll(async () => {
  stripe = await startFakeStripe(SECRET_KEY);
  gateway = createStripeGateway({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, apiUrl: stripe.url });
});
afterAll(() => stripe.close());

let counter = 0;
const request = (overrides: { amount?: number; currency?: string; email?: string | null } = {}) => {
  const reference = `TXN-${Date.now()}-${++counter}`;
  return {
    orderId: `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`,
    reference,
    token: `tok-${counter}`,
    amount: overrides.amount ?? 49_900,
    currency: overrides.currency ?? "USD",
    description: "Keyway Pro, one year",
    customer: { name: "Asha", email: overrides.email === undefined ? "asha@example.com" : overrides.email },
    returnUrl: `https://keyway.test/webhooks/gateways/stripe/return?ref=${reference}`,
    cancelUrl: `https://keyway.test/webhooks/gateways/stripe/cancel?ref=${reference}`,
    extra: {},
    createdAt: new Date(),
  };
};

/** Opens a payment and returns what Stripe holds for it. */
const open = async (overrides?: Parameters<typeof request>[0]) => {
  const req = request(overrides);
  const opened = await gateway.createPayment(req);
  const session = stripe.sessions.get(opened.gatewayOrderId ?? "");
  if (!session) throw new Error("no session at the fake");
  return { req, opened, session };
};

const orderOf = (o: Awaited<ReturnType<typeof open>>) => ({
  reference: o.req.reference,
  gatewayOrderId: o.opened.gatewayOrderId,
  createdAt: o.req.createdAt,
  amount: o.req.amount,
  currency: o.req.currency,
});

const webhook = (delivery: { body: string; headers: Record<string, string> }) =>
  gateway.verifyCallback?.({
    kind: "callback",
    query: {},
    body: JSON.parse(delivery.body) as Record<string, unknown>,
    headers: delivery.headers,
    rawBody: delivery.body,
  });

const refundOf = (o: Awaited<ReturnType<typeof open>>, paymentIntent: string, amount: number, key: string) =>
  gateway.refund?.({
    reference: o.req.reference,
    gatewayOrderId: o.opened.gatewayOrderId,
    gatewayTxnId: paymentIntent,
    amount,
    currency: o.req.currency,
    reason: "Customer asked",
    idempotencyKey: key,
  });

const gatewayError = async (promise: Promise<unknown> | undefined) => {
  const error = await promise?.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe("gateway_error");
  return (error as DomainError).message;
};

describe("opening a payment", () => {
  it("creates a Checkout Session for the order's amount and sends the buyer to it", async () => {
    const { req, opened, session } = await open();
    expect(opened.paymentUrl).toBe(session.url);
    expect(opened.gatewayOrderId).toMatch(/^cs_/);
    expect(session).toMatchObject({
      mode: "payment",
      amount_total: 49_900,
      currency: "usd",
      client_reference_id: req.reference,
      customer_email: "asha@example.com",
      metadata: { reference: req.reference, order_id: req.orderId },
      cancel_url: req.cancelUrl,
    });
    expect(session.line_items_seen).toMatchObject({
      "0": { quantity: "1", price_data: { product_data: { name: "Keyway Pro, one year" } } },
    });
    expect(session.payment_intent_data_seen).toMatchObject({ metadata: { reference: req.reference } });
    // Stripe fills in the session id; the return keeps Keyway's own `ref`.
    expect(session.success_url).toBe(`${req.returnUrl}&session_id={CHECKOUT_SESSION_ID}`);
    const hoursOpen = (session.expires_at * 1000 - req.createdAt.getTime()) / 3_600_000;
    expect(hoursOpen).toBeGreaterThan(23);
    expect(hoursOpen).toBeLessThanOrEqual(24);
  });

  it("leaves the email out when the buyer gave none", async () => {
    const { session } = await open({ email: null });
    expect(session.customer_email).toBeNull();
  });

  it("opens one session when the same order is opened twice", async () => {
    const req = request();
    const first = await gateway.createPayment(req);
    const second = await gateway.createPayment(req);
    expect(second).toEqual(first);
    const created = stripe.requests.filter(
      (r) => r.path === "/v1/checkout/sessions" && r.params.client_reference_id === req.reference,
    );
    expect(created.every((r) => r.idempotencyKey === `create-${req.reference}`)).toBe(true);
    expect([...stripe.sessions.values()].filter((s) => s.client_reference_id === req.reference)).toHaveLength(
      1,
    );
  });

  it("reports a refused key without repeating it", async () => {
    const wrong = createStripeGateway({ secretKey: "sk_test_51WrongKey000000000009999", apiUrl: stripe.url });
    const message = await gatewayError(wrong.createPayment(request()));
    expect(message).toMatch(/^Stripe refused the checkout: Invalid API Key provided/);
    expect(message).not.toContain("sk_test_51WrongKey000000000009999");
  });

  it("reports Stripe as unreachable when nothing answers", async () => {
    const port = await freePort();
    const offline = createStripeGateway({ secretKey: SECRET_KEY, apiUrl: `http://127.0.0.1:${port}` });
    expect(await gatewayError(offline.createPayment(request()))).toBe("Stripe could not be reached.");
  });
});

describe("asking Stripe how a payment stands", () => {
  it("is undecided before the buyer pays, paid afterwards with the payment intent and Stripe's amount", async () => {
    const o = await open();
    expect(await gateway.fetchStatus?.(orderOf(o))).toBeNull();
    const { paymentIntent } = stripe.pay(o.session.id);
    expect(await gateway.fetchStatus?.(orderOf(o))).toMatchObject({
      gateway: "stripe",
      outcome: "paid",
      reference: o.req.reference,
      gatewayTxnId: paymentIntent,
      amount: 49_900,
      currency: "USD",
    });
  });

  it("reports the amount Stripe took, not the order's", async () => {
    const o = await open();
    stripe.pay(o.session.id, 100);
    expect(await gateway.fetchStatus?.(orderOf(o))).toMatchObject({ outcome: "paid", amount: 100 });
  });

  it("reads an expired session as cancelled", async () => {
    const o = await open();
    stripe.expire(o.session.id);
    expect(await gateway.fetchStatus?.(orderOf(o))).toMatchObject({ outcome: "cancelled" });
  });
});

describe("callbacks and webhooks", () => {
  it("names the order from the buyer's return and cancel", async () => {
    const back = (kind: "return" | "cancel", query: Record<string, string>) =>
      gateway.verifyCallback?.({ kind, query, body: {}, headers: {} });
    expect(await back("return", { ref: "TXN-1", session_id: "cs_test_1" })).toEqual({
      reference: "TXN-1",
      gatewayOrderId: "cs_test_1",
    });
    expect(await back("cancel", { ref: "TXN-1" })).toEqual({ reference: "TXN-1" });
    expect(await back("return", {})).toBeNull();
  });

  it("accepts a signed checkout.session.completed and names its session", async () => {
    const o = await open();
    stripe.pay(o.session.id);
    const claim = await webhook(
      stripe.sessionEvent("checkout.session.completed", o.session.id, WEBHOOK_SECRET),
    );
    expect(claim).toEqual({ gatewayOrderId: o.session.id, reference: o.req.reference });
  });

  it("names the order from payment_intent.succeeded through the intent's metadata", async () => {
    const o = await open();
    const { paymentIntent } = stripe.pay(o.session.id);
    const claim = await webhook(
      stripe.sessionEvent("payment_intent.succeeded", o.session.id, WEBHOOK_SECRET),
    );
    expect(claim).toEqual({ gatewayTxnId: paymentIntent, reference: o.req.reference });
  });

  it("refuses a tampered body, another endpoint's secret, and webhooks when no secret is set", async () => {
    const o = await open();
    stripe.pay(o.session.id);
    const delivery = stripe.sessionEvent("checkout.session.completed", o.session.id, WEBHOOK_SECRET);
    const tampered = { ...delivery, body: delivery.body.replace(o.req.reference, "TXN-someone-else") };
    expect(await webhook(tampered)).toBeNull();
    expect(
      await webhook(stripe.sessionEvent("checkout.session.completed", o.session.id, "whsec_other")),
    ).toBeNull();
    const noSecret = createStripeGateway({ secretKey: SECRET_KEY, apiUrl: stripe.url });
    expect(
      await noSecret.verifyCallback?.({
        kind: "callback",
        query: {},
        body: {},
        headers: delivery.headers,
        rawBody: delivery.body,
      }),
    ).toBeNull();
  });

  it("ignores event types Keyway does not act on", async () => {
    expect(
      await webhook(
        stripe.signedEvent("customer.created", { id: "cus_1", object: "customer" }, WEBHOOK_SECRET),
      ),
    ).toBeNull();
  });

  it("reports a dashboard refund from charge.refunded, with the running total", async () => {
    const o = await open();
    const { paymentIntent } = stripe.pay(o.session.id);
    const first = stripe.refundInDashboard(o.session.id, 10_000);
    expect(await webhook(stripe.chargeRefundedEvent(o.session.id, WEBHOOK_SECRET))).toMatchObject({
      gatewayTxnId: paymentIntent,
      event: {
        kind: "refund",
        gatewayRefundId: first.id,
        amount: 10_000,
        totalRefunded: 10_000,
        currency: "USD",
      },
    });
    const second = stripe.refundInDashboard(o.session.id, 5_000);
    expect(await webhook(stripe.chargeRefundedEvent(o.session.id, WEBHOOK_SECRET))).toMatchObject({
      event: { kind: "refund", gatewayRefundId: second.id, amount: 5_000, totalRefunded: 15_000 },
    });
  });

  it("still reports the refund when the charge comes without its refunds list", async () => {
    const o = await open();
    const { charge } = stripe.pay(o.session.id);
    stripe.refundInDashboard(o.session.id, 20_000);
    stripe.refundInDashboard(o.session.id, 9_000);
    const claim = await webhook(
      stripe.chargeRefundedEvent(o.session.id, WEBHOOK_SECRET, { expandedRefunds: false }),
    );
    expect(claim?.event).toMatchObject({
      kind: "refund",
      gatewayRefundId: `${charge.id}:29000`,
      amount: 9_000,
      totalRefunded: 29_000,
    });
  });

  it("reports a dispute opening, and closing lost or won", async () => {
    const lostCase = await open();
    const { paymentIntent } = stripe.pay(lostCase.session.id);
    const opened = await webhook(stripe.disputeEvent("created", lostCase.session.id, WEBHOOK_SECRET));
    expect(opened).toMatchObject({
      gatewayTxnId: paymentIntent,
      event: { kind: "dispute", status: "open", amount: 49_900, currency: "USD", reason: "fraudulent" },
    });
    const disputeId = opened?.event?.kind === "dispute" ? opened.event.gatewayDisputeId : "";
    expect(disputeId).toMatch(/^du_/);
    const lost = await webhook(
      stripe.disputeEvent("closed", lostCase.session.id, WEBHOOK_SECRET, { status: "lost" }),
    );
    expect(lost?.event).toMatchObject({ kind: "dispute", gatewayDisputeId: disputeId, status: "lost" });

    const wonCase = await open();
    stripe.pay(wonCase.session.id);
    await webhook(stripe.disputeEvent("created", wonCase.session.id, WEBHOOK_SECRET));
    const won = await webhook(
      stripe.disputeEvent("closed", wonCase.session.id, WEBHOOK_SECRET, { status: "won" }),
    );
    expect(won?.event).toMatchObject({ kind: "dispute", status: "won" });
  });

  it("reads an inquiry closed without a chargeback as won", async () => {
    const o = await open();
    stripe.pay(o.session.id);
    const inquiry = await webhook(
      stripe.disputeEvent("created", o.session.id, WEBHOOK_SECRET, { status: "warning_needs_response" }),
    );
    expect(inquiry?.event).toMatchObject({ status: "open" });
    const closed = await webhook(
      stripe.disputeEvent("closed", o.session.id, WEBHOOK_SECRET, { status: "warning_closed" }),
    );
    expect(closed?.event).toMatchObject({ status: "won" });
  });

  it("does not map a dispute that names no payment intent", async () => {
    const o = await open();
    stripe.pay(o.session.id);
    expect(
      await webhook(
        stripe.disputeEvent("created", o.session.id, WEBHOOK_SECRET, { withoutPaymentIntent: true }),
      ),
    ).toBeNull();
  });
});

describe("refunds through Stripe", () => {
  it("refunds in full", async () => {
    const o = await open();
    const { paymentIntent, charge } = stripe.pay(o.session.id);
    const outcome = await refundOf(o, paymentIntent, 49_900, `refund-${o.req.reference}-1`);
    expect(outcome).toMatchObject({ status: "succeeded" });
    expect(outcome?.gatewayRefundId).toMatch(/^re_/);
    expect(charge).toMatchObject({ amount_refunded: 49_900, refunded: true });
    const sent = stripe.refunds.find((r) => r.id === outcome?.gatewayRefundId);
    expect(sent).toMatchObject({
      payment_intent: paymentIntent,
      amount: 49_900,
      reason: "requested_by_customer",
      metadata: { reference: o.req.reference, reason: "Customer asked" },
    });
  });

  it("refunds in parts up to what was paid, then refuses more", async () => {
    const o = await open();
    const { paymentIntent, charge } = stripe.pay(o.session.id);
    await refundOf(o, paymentIntent, 20_000, `refund-${o.req.reference}-1`);
    await refundOf(o, paymentIntent, 29_900, `refund-${o.req.reference}-2`);
    expect(charge.amount_refunded).toBe(49_900);
    const message = await gatewayError(refundOf(o, paymentIntent, 1, `refund-${o.req.reference}-3`));
    expect(message).toMatch(/^Stripe refused the refund: .*already been refunded/);
  });

  it("refuses a refund larger than what is left", async () => {
    const o = await open();
    const { paymentIntent, charge } = stripe.pay(o.session.id);
    await refundOf(o, paymentIntent, 40_000, `refund-${o.req.reference}-1`);
    const message = await gatewayError(refundOf(o, paymentIntent, 10_000, `refund-${o.req.reference}-2`));
    expect(message).toMatch(/^Stripe refused the refund: Refund amount .* is greater than unrefunded amount/);
    expect(charge.amount_refunded).toBe(40_000);
  });

  it("refunds once when the same refund is asked for twice", async () => {
    const o = await open();
    const { paymentIntent, charge } = stripe.pay(o.session.id);
    const key = `refund-${o.req.reference}-1`;
    const first = await refundOf(o, paymentIntent, 10_000, key);
    const again = await refundOf(o, paymentIntent, 10_000, key);
    expect(again?.gatewayRefundId).toBe(first?.gatewayRefundId);
    expect(stripe.refunds.filter((r) => r.payment_intent === paymentIntent)).toHaveLength(1);
    expect(charge.amount_refunded).toBe(10_000);
  });

  it("reports a refund Stripe has yet to settle as pending", async () => {
    const o = await open();
    const { paymentIntent } = stripe.pay(o.session.id);
    stripe.knobs.refundStatus = "pending";
    try {
      expect(await refundOf(o, paymentIntent, 1_000, `refund-${o.req.reference}-1`)).toMatchObject({
        status: "pending",
      });
    } finally {
      stripe.knobs.refundStatus = "succeeded";
    }
  });
});

/** A port nothing listens on: taken from the OS, then released. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

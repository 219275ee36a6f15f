import { setGatewayCredentials, updateVendorSettings } from "@keyway/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { startFakeStripe } from "./fakes/stripe";
import {
  countEvents,
  licenseStatus,
  openNativeOrder,
  orderState,
  refundThroughKeyway,
  validate,
} from "./helpers-gateways";

// The demo vendor's own Stripe account (its keys entered in the console's settings) on the fake
// Stripe; Stripe's webhooks go to the vendor's endpoint, signed with its endpoint secret.
const SECRET_KEY = "sk_test_51KeywayDemoVendorStripeKey00000000042";
const WEBHOOK_SECRET = "whsec_demo_vendor_endpoint_secret";
const SERIAL = "B-12345678";
let server: TestServer;
let stripe: Awaited<ReturnType<typeof startFakeStripe>>;

beforeAll(async () => {
  stripe = await startFakeStripe(SECRET_KEY);
  server = await startTestServer({ RATE_LIMIT: "off", STRIPE_API_URL: stripe.url });
  const vendor = { vendorId: server.demoVendorId, secrets: server.deps.secrets };
  await setGatewayCredentials(server.deps.db, {
    ...vendor,
    credentials: { gateway: "stripe", secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET },
  });
  await updateVendorSettings(server.deps.db, { ...vendor, defaultGateway: "stripe" });
});
afterAll(async () => {
  await server.close();
  await stripe.close();
});

/** A native order on Stripe: the Checkout Session it opened. */
async function stripeOrder() {
  const opened = await openNativeOrder(server, demoHeaders.bearer, {
    item: { kind: "addon", productNumber: 1, serialNo: SERIAL },
    customer: { email: "buyer@example.com" },
  });
  const { order } = await orderState(server, opened.orderId);
  const session = stripe.sessions.get(order.gatewayOrderId ?? "");
  if (!session) throw new Error("no Checkout Session at the fake");
  return { ...opened, order, session, key: opened.licenseKeys[0] ?? "" };
}

const webhook = (delivery: { body: string; headers: Record<string, string> }) =>
  fetch(`${server.url}/webhooks/gateways/stripe/vendors/demo`, {
    method: "POST",
    headers: delivery.headers,
    body: delivery.body,
  });
const completed = (sessionId: string) =>
  stripe.sessionEvent("checkout.session.completed", sessionId, WEBHOOK_SECRET);
const deliverTwice = async (delivery: { body: string; headers: Record<string, string> }) => {
  for (let i = 0; i < 2; i++) expect((await webhook(delivery)).status).toBe(200);
};

/** Paid at Stripe and reported by its webhook. */
async function paidStripeOrder() {
  const o = await stripeOrder();
  const { paymentIntent } = stripe.pay(o.session.id);
  expect((await webhook(completed(o.session.id))).status).toBe(200);
  expect((await orderState(server, o.orderId)).order.status).toBe("paid");
  return { ...o, paymentIntent };
}

describe("paying through Stripe Checkout", () => {
  it("sends the buyer to a Checkout Session for the order, returning through the vendor's URL", async () => {
    const o = await stripeOrder();
    expect(o.paymentUrl).toBe(o.session.url);
    expect(o.session).toMatchObject({
      amount_total: 299_900,
      currency: "inr",
      client_reference_id: o.reference,
    });
    expect(o.session.success_url).toBe(
      `${server.url}/webhooks/gateways/stripe/vendors/demo/return?ref=${o.reference}&session_id={CHECKOUT_SESSION_ID}`,
    );
    expect(o.order).toMatchObject({ gateway: "stripe", gatewayAccount: "vendor", testMode: false });
  });

  it("pays the order on a signed checkout.session.completed, and refuses a tampered one", async () => {
    const o = await stripeOrder();
    const { paymentIntent } = stripe.pay(o.session.id);
    const delivery = completed(o.session.id);
    const tampered = { ...delivery, body: delivery.body.replace(o.reference, "TXN-0000000000000-0000") };
    expect(tampered.body).not.toBe(delivery.body);
    const forged = stripe.sessionEvent("checkout.session.completed", o.session.id, "whsec_someone_else");
    for (const bad of [tampered, forged]) {
      const res = await webhook(bad);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: "unauthorized" });
    }
    expect((await orderState(server, o.orderId)).order.status).toBe("pending");

    await deliverTwice(delivery);
    const state = await orderState(server, o.orderId);
    expect(state.order.status).toBe("paid");
    expect(state.payments).toEqual([
      expect.objectContaining({
        status: "succeeded",
        amount: 299_900,
        currency: "INR",
        gatewayTxnId: paymentIntent,
      }),
    ]);
    expect(await licenseStatus(server, o.orderId)).toBe("active");
    expect(await validate(server, o.key, SERIAL)).toBe("ok");

    // The buyer's browser comes back from Stripe to the vendor's return URL, then the order page.
    const back = await fetch(
      `${server.url}/webhooks/gateways/stripe/vendors/demo/return?ref=${o.reference}&session_id=${o.session.id}`,
      { redirect: "manual" },
    );
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe(`${server.url}/orders/${o.token}`);
  });

  it("refuses a payment for another amount than the order's", async () => {
    const o = await stripeOrder();
    stripe.pay(o.session.id, 100);
    expect((await webhook(completed(o.session.id))).status).toBe(200);
    const state = await orderState(server, o.orderId);
    expect(state.order.status).toBe("pending");
    expect(state.payments.map((p) => p.status)).toEqual(["refused"]);
    expect(state.licenses.map((l) => l.status)).not.toContain("active");
  });
});

describe("refunds and disputes through Stripe", () => {
  it("refunds through Keyway at Stripe, and Stripe's charge.refunded afterwards changes nothing", async () => {
    const o = await paidStripeOrder();
    const refunded = await refundThroughKeyway(server, demoHeaders.bearer, o.orderId);
    expect(refunded.status).toBe(200);
    expect(refunded.body).toMatchObject({ order: { status: "refunded", refundedAmount: 299_900 } });
    expect(stripe.refunds.filter((r) => r.payment_intent === o.paymentIntent)).toEqual([
      expect.objectContaining({ amount: 299_900, status: "succeeded" }),
    ]);
    expect(await licenseStatus(server, o.orderId)).toBe("revoked");
    expect(await validate(server, o.key, SERIAL)).toBe("license_revoked");

    await deliverTwice(stripe.chargeRefundedEvent(o.session.id, WEBHOOK_SECRET));
    const state = await orderState(server, o.orderId);
    expect(state.order).toMatchObject({ status: "refunded", refundedAmount: 299_900 });
    expect(state.refunds).toHaveLength(1);
    expect(await countEvents(server, o.orderId, "payment.refunded")).toBe(1);
  });

  it("records a partial refund made in Stripe's dashboard once, keeping the license", async () => {
    const o = await paidStripeOrder();
    stripe.refundInDashboard(o.session.id, 50_000);
    await deliverTwice(stripe.chargeRefundedEvent(o.session.id, WEBHOOK_SECRET));
    const state = await orderState(server, o.orderId);
    expect(state.order).toMatchObject({ status: "partially_refunded", refundedAmount: 50_000 });
    expect(state.refunds).toEqual([expect.objectContaining({ source: "provider", amount: 50_000 })]);
    expect(await licenseStatus(server, o.orderId)).toBe("active");
  });

  it("suspends the license while a dispute is open and revokes it when the dispute is lost", async () => {
    const o = await paidStripeOrder();
    await deliverTwice(stripe.disputeEvent("created", o.session.id, WEBHOOK_SECRET));
    expect(await licenseStatus(server, o.orderId)).toBe("suspended");
    expect(await validate(server, o.key, SERIAL)).toBe("license_suspended");
    expect(await countEvents(server, o.orderId, "dispute.opened")).toBe(1);

    await deliverTwice(stripe.disputeEvent("closed", o.session.id, WEBHOOK_SECRET, { status: "lost" }));
    expect(await licenseStatus(server, o.orderId)).toBe("revoked");
    expect(await validate(server, o.key, SERIAL)).toBe("license_revoked");
    expect(await countEvents(server, o.orderId, "dispute.closed")).toBe(1);
  });

  it("reinstates the license when the vendor wins the dispute", async () => {
    const o = await paidStripeOrder();
    await webhook(stripe.disputeEvent("created", o.session.id, WEBHOOK_SECRET));
    expect(await licenseStatus(server, o.orderId)).toBe("suspended");
    await deliverTwice(stripe.disputeEvent("closed", o.session.id, WEBHOOK_SECRET, { status: "won" }));
    expect(await licenseStatus(server, o.orderId)).toBe("active");
    expect(await validate(server, o.key, SERIAL)).toBe("ok");
  });
});

import { setGatewayCredentials, updateVendorSettings } from "@keyway/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { startFakePayPal } from "./fakes/paypal";
import { startFakeUpiGateway } from "./fakes/upigateway";
import {
  countEvents,
  licenseStatus,
  openNativeOrder,
  orderState,
  paypalWebhookHeaders,
  postJson,
  refundThroughKeyway,
  validate,
} from "./helpers-gateways";

// The demo vendor's own PayPal (and UPI Gateway) account on the fakes; no server-wide account.
// Refunds and disputes that start at PayPal arrive as PayPal's signed webhooks on the vendor's URL.
const UPI_KEY = "d0000000-0000-4000-8000-00000000000d";
const SERIAL = "B-12345678";
let server: TestServer;
let paypal: Awaited<ReturnType<typeof startFakePayPal>>;
let upi: Awaited<ReturnType<typeof startFakeUpiGateway>>;

beforeAll(async () => {
  [paypal, upi] = await Promise.all([
    startFakePayPal("demo-client", "demo-secret"),
    startFakeUpiGateway(UPI_KEY),
  ]);
  server = await startTestServer({ RATE_LIMIT: "off", PAYPAL_URL: paypal.url, UPI_GATEWAY_URL: upi.url });
  const vendor = { vendorId: server.demoVendorId, secrets: server.deps.secrets };
  await setGatewayCredentials(server.deps.db, {
    ...vendor,
    credentials: {
      gateway: "paypal",
      clientId: "demo-client",
      clientSecret: "demo-secret",
      webhookId: "WH-DEMO",
    },
  });
  await setGatewayCredentials(server.deps.db, {
    ...vendor,
    credentials: { gateway: "upigateway", key: UPI_KEY },
  });
  await updateVendorSettings(server.deps.db, { ...vendor, defaultGateway: "paypal" });
});
afterAll(async () => {
  await server.close();
  await Promise.all([paypal.close(), upi.close()]);
});

/** A PayPal order the buyer approved; `pay` brings them back, which captures it. */
async function payPalOrder(pay = true) {
  const opened = await openNativeOrder(server, demoHeaders.bearer, {
    item: { kind: "addon", productNumber: 1, serialNo: SERIAL },
    customer: { phone: "9460439200" },
  });
  const paypalId = new URL(opened.paymentUrl).searchParams.get("token") ?? "";
  paypal.approve(paypalId);
  const returnUrl = `${server.url}/webhooks/gateways/paypal/vendors/demo/return?ref=${opened.reference}&token=${paypalId}&PayerID=P1`;
  const key = opened.licenseKeys[0] ?? "";
  if (!pay) return { ...opened, paypalId, returnUrl, key, captureId: "" };
  expect((await fetch(returnUrl, { redirect: "manual" })).status).toBe(303);
  const { order, payments } = await orderState(server, opened.orderId);
  expect(order.status).toBe("paid");
  return { ...opened, paypalId, returnUrl, key, captureId: payments[0]?.gatewayTxnId ?? "" };
}

const hook = (event: unknown, sig = "valid") =>
  postJson(`${server.url}/webhooks/gateways/paypal/vendors/demo`, event, paypalWebhookHeaders(sig));
/** PayPal delivers the same event again (it retries until answered 2xx, and sometimes anyway). */
const deliverTwice = async (event: unknown) => {
  for (let i = 0; i < 2; i++) expect((await hook(event)).status).toBe(200);
};

describe("refunds made at PayPal", () => {
  it("revokes the license on a full refund from PayPal's dashboard, once however often it arrives", async () => {
    const o = await payPalOrder();
    expect(await validate(server, o.key, SERIAL)).toBe("ok");
    const event = paypal.refundEvent(o.captureId, "2999.00");
    expect((await hook(event, "forged")).status).toBe(401);
    expect((await orderState(server, o.orderId)).order.status).toBe("paid");

    await deliverTwice(event);
    const state = await orderState(server, o.orderId);
    expect(state.order).toMatchObject({ status: "refunded", refundedAmount: 299_900 });
    expect(state.refunds).toHaveLength(1);
    expect(state.refunds[0]).toMatchObject({ source: "provider", status: "succeeded", amount: 299_900 });
    expect(await countEvents(server, o.orderId, "payment.refunded")).toBe(1);
    expect(await licenseStatus(server, o.orderId)).toBe("revoked");
    expect(await validate(server, o.key, SERIAL)).toBe("license_revoked");
  });

  it("keeps the license on a partial refund", async () => {
    const o = await payPalOrder();
    await deliverTwice(paypal.refundEvent(o.captureId, "500.00"));
    const state = await orderState(server, o.orderId);
    expect(state.order).toMatchObject({ status: "partially_refunded", refundedAmount: 50_000 });
    expect(state.refunds).toHaveLength(1);
    expect(await licenseStatus(server, o.orderId)).toBe("active");
    expect(await validate(server, o.key, SERIAL)).toBe("ok");
  });

  it("counts a refund made through Keyway once when PayPal's webhook for it follows", async () => {
    const o = await payPalOrder();
    const refunded = await refundThroughKeyway(server, demoHeaders.bearer, o.orderId);
    expect(refunded.status).toBe(200);
    expect(refunded.body).toMatchObject({ order: { status: "refunded", refundedAmount: 299_900 } });
    const atPayPal = paypal.refunds.filter((r) => r.captureId === o.captureId);
    expect(atPayPal).toHaveLength(1);

    await deliverTwice(paypal.refundEvent(o.captureId, "2999.00", { id: atPayPal[0]?.id ?? "" }));
    const state = await orderState(server, o.orderId);
    expect(state.order).toMatchObject({ status: "refunded", refundedAmount: 299_900 });
    expect(state.refunds).toHaveLength(1);
    expect(state.refunds[0]).toMatchObject({ source: "keyway", gatewayRefundId: atPayPal[0]?.id });
    expect(await countEvents(server, o.orderId, "payment.refunded")).toBe(1);
    expect(await licenseStatus(server, o.orderId)).toBe("revoked");
  });
});

describe("disputes opened at PayPal", () => {
  it("suspends the license while a dispute is open and reinstates it when the seller wins", async () => {
    const o = await payPalOrder();
    await deliverTwice(paypal.disputeEvent(o.captureId, "CUSTOMER.DISPUTE.CREATED"));
    expect(await licenseStatus(server, o.orderId)).toBe("suspended");
    expect(await validate(server, o.key, SERIAL)).toBe("license_suspended");
    expect(await countEvents(server, o.orderId, "dispute.opened")).toBe(1);

    const won = { outcome: "RESOLVED_SELLER_FAVOUR" } as const;
    await deliverTwice(paypal.disputeEvent(o.captureId, "CUSTOMER.DISPUTE.RESOLVED", won));
    expect(await licenseStatus(server, o.orderId)).toBe("active");
    expect(await validate(server, o.key, SERIAL)).toBe("ok");
    expect(await countEvents(server, o.orderId, "dispute.closed")).toBe(1);
  });

  it("revokes the license when the buyer wins", async () => {
    const o = await payPalOrder();
    await deliverTwice(paypal.disputeEvent(o.captureId, "CUSTOMER.DISPUTE.CREATED"));
    const lost = { outcome: "RESOLVED_BUYER_FAVOUR" } as const;
    await deliverTwice(paypal.disputeEvent(o.captureId, "CUSTOMER.DISPUTE.RESOLVED", lost));
    expect(await licenseStatus(server, o.orderId)).toBe("revoked");
    expect(await validate(server, o.key, SERIAL)).toBe("license_revoked");
    expect(await countEvents(server, o.orderId, "dispute.opened")).toBe(1);
    expect(await countEvents(server, o.orderId, "dispute.closed")).toBe(1);
  });
});

describe("a refund racing the payment", () => {
  // The capture happened at PayPal but Keyway has not recorded it yet (the buyer is on the way
  // back); the vendor refunds it at once. The buyer's return and the refund webhook arrive
  // together, or one just before the other. A refund naming the order (custom_id) can find it
  // still pending; one that does not is found through the payment, so until the payment is
  // recorded it is answered 404 and PayPal delivers it again.
  const arrivals = ["together", "together", "together", "refund first", "payment first"] as const;
  it.each([
    ["naming the order", true],
    ["from the dashboard", false],
  ])("never leaves a refunded order with a live license (refund %s)", async (_label, named) => {
    for (const arrival of arrivals) {
      const o = await payPalOrder(false);
      const captureId = paypal.captureOutOfBand(o.paypalId);
      const event = paypal.refundEvent(captureId, "2999.00", named ? { customId: o.reference } : {});
      const back = () => fetch(o.returnUrl, { redirect: "manual" });
      const [returned, hooked] =
        arrival === "together"
          ? await Promise.all([back(), hook(event)])
          : arrival === "refund first"
            ? await hook(event).then(async (h) => [await back(), h] as const)
            : await back().then(async (b) => [b, await hook(event)] as const);
      expect(returned.status).toBe(303);
      expect([200, 404]).toContain(hooked.status);
      const raced = await orderState(server, o.orderId);
      if (raced.order.status === "refunded") expect(raced.licenses[0]?.status).not.toBe("active");

      if (hooked.status !== 200) expect((await hook(event)).status).toBe(200);
      const settled = await orderState(server, o.orderId);
      expect(settled.order.status).toBe("refunded");
      expect(settled.refunds).toHaveLength(1);
      expect(settled.licenses.map((l) => l.status)).toEqual(["revoked"]);
      expect(await validate(server, o.key, SERIAL)).toBe("license_revoked");
    }
  });
});

describe("a gateway without a refund API", () => {
  it("records a UPI Gateway refund as made outside Keyway and refunds the order", async () => {
    const o = await openNativeOrder(server, demoHeaders.bearer, {
      item: { kind: "addon", productNumber: 1, serialNo: SERIAL },
      customer: { phone: "9460439200" },
      gateway: "upigateway",
    });
    upi.settle(o.reference, "success");
    const paid = await postJson(`${server.url}/webhooks/gateways/upigateway/vendors/demo`, {
      client_txn_id: o.reference,
    });
    expect(await paid.json()).toMatchObject({ order_status: "paid" });

    const refunded = await refundThroughKeyway(server, demoHeaders.bearer, o.orderId);
    expect(refunded.status).toBe(200);
    expect(refunded.body).toMatchObject({
      refund: { source: "outside", status: "succeeded", amount: 299_900 },
      order: { status: "refunded" },
    });
    const state = await orderState(server, o.orderId);
    expect(state.refunds.map((r) => r.source)).toEqual(["outside"]);
    expect(await licenseStatus(server, o.orderId)).toBe("revoked");
    expect(upi.requests.every((r) => !r.path.includes("refund"))).toBe(true);
  });
});

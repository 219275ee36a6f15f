import { clearGatewayCredentials, setGatewayCredentials } from "@keyway/core";
import { and, eq, licenses, orders, payments, vendors } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { startFakePayPal } from "./fakes/paypal";
import { startFakeUpiGateway } from "./fakes/upigateway";

const UPI_KEY = "0d6b2a3e-7c1f-4e8a-9b2d-5f6c7a8b9c0d";
let server: TestServer;
let upi: Awaited<ReturnType<typeof startFakeUpiGateway>>;
let paypal: Awaited<ReturnType<typeof startFakePayPal>>;

beforeAll(async () => {
  [upi, paypal] = await Promise.all([
    startFakeUpiGateway(UPI_KEY),
    startFakePayPal("client-id", "client-secret"),
  ]);
  // Configured as an operator would: the registry comes from the environment.
  server = await startTestServer({
    UPI_GATEWAY_URL: upi.url,
    UPI_GATEWAY_KEY: UPI_KEY,
    PAYPAL_URL: paypal.url,
    PAYPAL_CLIENT_ID: "client-id",
    PAYPAL_CLIENT_SECRET: "client-secret",
    PAYPAL_WEBHOOK_ID: "WH-FAKE",
  });
});
afterAll(async () => {
  await Promise.all([server.close(), upi.close(), paypal.close()]);
});

const useGateway = (gateway: string) =>
  server.deps.db.update(vendors).set({ defaultGateway: gateway }).where(eq(vendors.slug, "demo"));

const orderOf = async (where: ReturnType<typeof eq>) => {
  const [order] = await server.deps.db.select().from(orders).where(where);
  if (!order) throw new Error("order not found");
  return order;
};

const purchase = async () => {
  const res = await fetch(`${server.url}/api/purchase`, {
    method: "POST",
    headers: { "content-type": "application/json", ...demoHeaders.biznoq },
    body: JSON.stringify({ addonId: 1, serialNo: "B-12345678", buyerPhone: "9460439200" }),
  });
  expect(res.status).toBe(200);
  const answer = (await res.json()) as { paymentUrl: string; licenseKey: string };
  const [license] = await server.deps.db.select().from(licenses).where(eq(licenses.key, answer.licenseKey));
  const order = await orderOf(eq(orders.id, license?.orderId ?? ""));
  return { ...answer, order };
};

const upiCallback = (fields: Record<string, string>) =>
  fetch(`${server.url}/webhooks/gateways/upigateway`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });

const licenseStatus = async (key: string) =>
  (
    (await (
      await fetch(`${server.url}/api/purchase/status/${key}`, { headers: demoHeaders.biznoq })
    ).json()) as { license: { status: string; expiresAt: string | null } }
  ).license;

describe("UPI Gateway adapter against its fake", () => {
  it("opens the order at the provider with the documented fields and returns its payment_url", async () => {
    await useGateway("upigateway");
    const { paymentUrl, order } = await purchase();
    expect(paymentUrl.startsWith(`${upi.url}/order/checkout/`)).toBe(true);
    const sent = upi.orders.get(order.reference);
    expect(sent).toMatchObject({
      amount: "2999.00",
      customer_mobile: "9460439200",
      udf1: "trading-analyzer",
      udf2: "B-12345678",
    });
    expect(order.reference).toMatch(/^TXN-\d{13}-\d{4}$/);
    expect(sent?.redirect_url).toBe(
      `${server.url}/webhooks/gateways/upigateway/return?ref=${encodeURIComponent(order.reference)}`,
    );
  });

  it("trusts an unsigned callback only after the status check says success", async () => {
    await useGateway("upigateway");
    const { licenseKey, order } = await purchase();
    // A forged callback claiming success while the provider still says `created` changes nothing.
    const forged = await upiCallback({
      client_txn_id: order.reference,
      status: "success",
      amount: "2999.00",
    });
    expect(forged.status).toBe(200);
    expect((await licenseStatus(licenseKey)).status).not.toBe("verified");

    const settled = upi.settle(order.reference, "success");
    const fields = {
      client_txn_id: order.reference,
      status: "success",
      amount: "2999.00",
      upi_txn_id: settled.upi_txn_id,
    };
    const answers = await Promise.all(Array.from({ length: 5 }, () => upiCallback(fields)));
    for (const a of answers) expect(a.status).toBe(200);
    expect((await licenseStatus(licenseKey)).status).toBe("verified");
    const paid = await server.deps.db
      .select()
      .from(payments)
      .where(and(eq(payments.orderId, order.id), eq(payments.status, "succeeded")));
    expect(paid).toHaveLength(1);
    expect(paid[0]?.gatewayTxnId).toBe(settled.upi_txn_id);

    // The buyer's browser comes back afterwards: redirected to the portal's order page.
    const back = await fetch(
      `${server.url}/webhooks/gateways/upigateway/return?ref=${order.reference}?client_txn_id=${order.reference}&txn_id=x`,
      { redirect: "manual" },
    );
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe(`${server.url}/orders/${order.token}`);
  });

  it("marks the order failed when the status check says failure, whatever the callback claims", async () => {
    await useGateway("upigateway");
    const { licenseKey, order } = await purchase();
    upi.settle(order.reference, "failure");
    const forged = await upiCallback({
      client_txn_id: order.reference,
      status: "success",
      amount: "2999.00",
      upi_txn_id: "FORGED-1",
    });
    expect(forged.status).toBe(200);
    expect(await forged.json()).toMatchObject({ order_status: "failed" });
    expect((await licenseStatus(licenseKey)).status).not.toBe("verified");
    const recorded = await server.deps.db.select().from(payments).where(eq(payments.orderId, order.id));
    expect(recorded.map((p) => p.status)).toEqual(["failed"]);
    expect(recorded[0]?.gatewayTxnId).not.toBe("FORGED-1");
  });

  it("answers a purchase the provider refuses to open with the provider's reason, not a 500", async () => {
    await useGateway("upigateway");
    upi.knobs.refuseCreate = "Merchant account inactive";
    try {
      const res = await fetch(`${server.url}/api/purchase`, {
        method: "POST",
        headers: { "content-type": "application/json", ...demoHeaders.biznoq },
        body: JSON.stringify({ addonId: 1, serialNo: "B-12345678", buyerPhone: "9460439200" }),
      });
      expect(res.status).toBe(502);
      const answer = (await res.json()) as { success: boolean; message: string };
      expect(answer.success).toBe(false);
      expect(answer.message).toContain("Merchant account inactive");
    } finally {
      upi.knobs.refuseCreate = null;
    }
  });

  it("refuses and records a payment whose amount differs from the order", async () => {
    await useGateway("upigateway");
    const { licenseKey, order } = await purchase();
    upi.settle(order.reference, "success", "1.00");
    await upiCallback({ client_txn_id: order.reference });
    expect((await licenseStatus(licenseKey)).status).not.toBe("verified");
    const [refused] = await server.deps.db.select().from(payments).where(eq(payments.orderId, order.id));
    expect(refused?.status).toBe("refused");
    expect((await orderOf(eq(orders.id, order.id))).status).toBe("pending");
  });

  it("answers malformed callbacks, unknown gateways and unknown orders with a 4xx JSON answer", async () => {
    const answers = [
      await upiCallback({ client_txn_id: "TXN-0-0000" }),
      await upiCallback({}),
      await fetch(`${server.url}/webhooks/gateways/nope`, { method: "POST" }),
      await fetch(`${server.url}/webhooks/gateways/upigateway`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{not json",
      }),
      await fetch(`${server.url}/webhooks/gateways/upigateway`, {
        method: "POST",
        headers: { "content-type": "text/xml" },
        body: "<a/>",
      }),
      await fetch(`${server.url}/webhooks/gateways/upigateway/return`),
      await fetch(`${server.url}/webhooks/gateways/paypal/return?token=NOPE`),
      await fetch(`${server.url}/webhooks/gateways/sandbox/return?ref=x`),
    ];
    expect(answers.map((a) => a.status)).toEqual([404, 401, 404, 400, 415, 401, 404, 404]);
    for (const a of answers) {
      expect(a.headers.get("content-type")).toContain("application/json");
      expect(await a.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
  });
});

describe("PayPal adapter against its fake", () => {
  const checkoutLink = async (quantity: number) => {
    await useGateway("paypal");
    const res = await fetch(`${server.url}/api/v1/licenses/purchase/checkout-link`, {
      method: "POST",
      headers: { "content-type": "application/json", ...demoHeaders.jframework },
      body: JSON.stringify({
        returnURL: "https://example.com/thanks",
        cancelURL: "https://example.com/cancelled",
        packageId: "Plakdiooh209sz",
        subscriptionTypeId: "Plakdiooh209sz",
        startDate: "2025-01-01",
        endDate: "2025-02-01",
        quantity,
      }),
    });
    expect(res.status).toBe(200);
    const link = String(((await res.json()) as { data: string }).data);
    const paypalId = new URL(link).searchParams.get("token") ?? "";
    const order = await orderOf(eq(orders.gatewayOrderId, paypalId));
    return { link, paypalId, order };
  };
  const issued = async (orderId: string) =>
    server.deps.db
      .select()
      .from(licenses)
      .where(and(eq(licenses.orderId, orderId), eq(licenses.status, "active")));

  it("answers the seed 001 body with PayPal's approve link; the return captures and issues the licenses", async () => {
    const { link, paypalId, order } = await checkoutLink(2);
    expect(link).toBe(`${paypal.url}/checkoutnow?token=${paypalId}`);
    expect(paypal.orders.get(paypalId)?.purchase_units[0]?.amount).toEqual({
      currency_code: "USD",
      value: "19.98",
    }); // 2 × 9.99 for one month

    paypal.approve(paypalId);
    const returnUrl = `${server.url}/webhooks/gateways/paypal/return?ref=${order.reference}&token=${paypalId}&PayerID=P1`;
    const [first, again] = await Promise.all([
      fetch(returnUrl, { redirect: "manual" }),
      fetch(returnUrl, { redirect: "manual" }),
    ]);
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("https://example.com/thanks");
    expect(again.status).toBe(303);
    expect(await issued(order.id)).toHaveLength(2);
    expect(paypal.captures.filter((id) => id)).toHaveLength(1);
  });

  it("always uses the sandbox for testMode: true, even when the vendor's gateway is PayPal", async () => {
    await useGateway("paypal");
    const before = paypal.orders.size;
    const res = await fetch(`${server.url}/api/v1/licenses/purchase/checkout-link`, {
      method: "POST",
      headers: { "content-type": "application/json", ...demoHeaders.jframework },
      body: JSON.stringify({
        packageId: "Plakdiooh209sz",
        subscriptionTypeId: "Plakdiooh209sz",
        startDate: "2025-01-01",
        endDate: "2025-02-01",
        testMode: true,
      }),
    });
    expect(String(((await res.json()) as { data: string }).data)).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/pay\//,
    );
    expect(paypal.orders.size).toBe(before);
  });

  it("refuses a capture whose amount differs from the order", async () => {
    const { paypalId, order } = await checkoutLink(1);
    paypal.approve(paypalId, "0.01");
    await fetch(`${server.url}/webhooks/gateways/paypal/return?ref=${order.reference}&token=${paypalId}`, {
      redirect: "manual",
    });
    expect(await issued(order.id)).toHaveLength(0);
    const [refused] = await server.deps.db.select().from(payments).where(eq(payments.orderId, order.id));
    expect(refused?.status).toBe("refused");
  });

  it("accepts a webhook only with a verified signature, then captures", async () => {
    const { paypalId, order } = await checkoutLink(1);
    paypal.approve(paypalId);
    const event = { id: "WH-1", event_type: "CHECKOUT.ORDER.APPROVED", resource: { id: paypalId } };
    const webhook = (sig: string) =>
      fetch(`${server.url}/webhooks/gateways/paypal`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "paypal-transmission-id": "t-1",
          "paypal-transmission-time": new Date().toISOString(),
          "paypal-transmission-sig": sig,
          "paypal-cert-url": `${paypal.url}/cert.pem`,
          "paypal-auth-algo": "SHA256withRSA",
        },
        body: JSON.stringify(event),
      });
    expect((await webhook("forged")).status).toBe(401);
    expect(await issued(order.id)).toHaveLength(0);
    expect((await webhook("valid")).status).toBe(200);
    expect(await issued(order.id)).toHaveLength(1);
  });

  const webhook = (event: unknown, sig = "valid") =>
    fetch(`${server.url}/webhooks/gateways/paypal`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "paypal-transmission-id": "t-2",
        "paypal-transmission-time": new Date().toISOString(),
        "paypal-transmission-sig": sig,
        "paypal-cert-url": `${paypal.url}/cert.pem`,
        "paypal-auth-algo": "SHA256withRSA",
      },
      body: typeof event === "string" ? event : JSON.stringify(event),
    });

  it("verifies the webhook body exactly as PayPal sent it", async () => {
    const { paypalId } = await checkoutLink(1);
    // Formatting a re-serialisation would lose ("1.50" vs 1.5, spacing): the signature covers these bytes.
    const raw = `{ "id": "WH-RAW", "event_type": "CHECKOUT.ORDER.APPROVED", "fee": 1.50, "resource": { "id": "${paypalId}" } }`;
    expect((await webhook(raw)).status).toBe(200);
    expect(paypal.verifications.at(-1)).toContain(`"webhook_event":${raw}`);
    expect(paypal.verifications.at(-1)).toContain('"webhook_id":"WH-FAKE"');
  });

  it("settles from PAYMENT.CAPTURE.COMPLETED when the capture happened but was never recorded", async () => {
    const { paypalId, order } = await checkoutLink(1);
    paypal.approve(paypalId);
    const captureId = paypal.captureOutOfBand(paypalId);
    const event = {
      id: "WH-3",
      event_type: "PAYMENT.CAPTURE.COMPLETED",
      resource: {
        id: captureId,
        status: "COMPLETED",
        custom_id: order.reference,
        supplementary_data: { related_ids: { order_id: paypalId } },
      },
    };
    expect((await webhook(event, "forged")).status).toBe(401);
    expect(await issued(order.id)).toHaveLength(0);
    const answers = await Promise.all([webhook(event), webhook(event)]);
    for (const a of answers) expect(a.status).toBe(200);
    expect(await issued(order.id)).toHaveLength(1);
    const [paid] = await server.deps.db.select().from(payments).where(eq(payments.orderId, order.id));
    expect(paid).toMatchObject({
      status: "succeeded",
      gatewayTxnId: captureId,
      amount: 999,
      currency: "USD",
    });
  });

  it("marks the order failed when PayPal declines the capture", async () => {
    const { paypalId, order } = await checkoutLink(1);
    paypal.approve(paypalId);
    paypal.knobs.declineCaptures = true;
    try {
      const back = await fetch(
        `${server.url}/webhooks/gateways/paypal/return?ref=${order.reference}&token=${paypalId}`,
        { redirect: "manual" },
      );
      expect(back.status).toBe(303);
      expect(back.headers.get("location")).toBe(`${server.url}/orders/${order.token}`);
    } finally {
      paypal.knobs.declineCaptures = false;
    }
    expect(await issued(order.id)).toHaveLength(0);
    expect((await orderOf(eq(orders.id, order.id))).status).toBe("failed");
  });

  it("does not capture the buyer's money for an order that has expired", async () => {
    const { paypalId, order } = await checkoutLink(1);
    paypal.approve(paypalId);
    await server.deps.db
      .update(orders)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(orders.id, order.id));
    const before = paypal.captures.length;
    await fetch(`${server.url}/webhooks/gateways/paypal/return?ref=${order.reference}&token=${paypalId}`, {
      redirect: "manual",
    });
    expect(paypal.captures.length).toBe(before);
    expect(paypal.orders.get(paypalId)?.status).toBe("APPROVED");
    expect(await issued(order.id)).toHaveLength(0);
  });

  it("answers a checkout the provider refuses (bad PayPal credentials in the vendor's settings) in the envelope with a 502", async () => {
    const vendor = { vendorId: server.demoVendorId, secrets: server.deps.secrets };
    await setGatewayCredentials(server.deps.db, {
      ...vendor,
      credentials: { gateway: "paypal", clientId: "client-id", clientSecret: "wrong" },
    });
    try {
      await useGateway("paypal");
      const res = await fetch(`${server.url}/api/v1/licenses/purchase/checkout-link`, {
        method: "POST",
        headers: { "content-type": "application/json", ...demoHeaders.jframework },
        body: JSON.stringify({
          packageId: "Plakdiooh209sz",
          subscriptionTypeId: "Plakdiooh209sz",
          startDate: "2025-01-01",
          endDate: "2025-02-01",
        }),
      });
      expect(res.status).toBe(502);
      expect(await res.json()).toMatchObject({
        success: false,
        statusCode: 502,
        errors: [{ code: "gateway_error", correlationId: expect.any(String) }],
      });
    } finally {
      await clearGatewayCredentials(server.deps.db, { ...vendor, gateway: "paypal" });
    }
  });

  it("sends the buyer who cancels at PayPal to the cancel URL, order unpaid", async () => {
    const { order } = await checkoutLink(1);
    const back = await fetch(`${server.url}/webhooks/gateways/paypal/cancel?ref=${order.reference}`, {
      redirect: "manual",
    });
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe("https://example.com/cancelled");
    expect((await orderOf(eq(orders.id, order.id))).status).toBe("pending");
  });
});

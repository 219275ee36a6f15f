import { clearGatewayCredentials, setGatewayCredentials, updateVendorSettings } from "@keyway/core";
import { eq, vendors } from "@keyway/db";
import type { GatewayCredentialsInput } from "@keyway/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { signUpBrowser } from "./console-helpers";
import { startFakePayPal } from "./fakes/paypal";
import { startFakeUpiGateway } from "./fakes/upigateway";
import {
  licenseStatus,
  openNativeOrder,
  orderState,
  paypalWebhookHeaders,
  postJson,
  startPayPalHost,
  startUpiHost,
} from "./helpers-gateways";

// Two vendors, each with its own UPI Gateway and PayPal merchant accounts (a fake each), and a
// server-wide UPI Gateway account from the environment, on one provider host per gateway.
const KEY = { a: "a0000000-0000-4000-8000-00000000000a", b: "b0000000-0000-4000-8000-00000000000b" };
const SERVER_KEY = "50000000-0000-4000-8000-000000000005";
type Upi = Awaited<ReturnType<typeof startFakeUpiGateway>>;
type PayPal = Awaited<ReturnType<typeof startFakePayPal>>;
let server: TestServer;
let upi: { a: Upi; b: Upi; server: Upi };
let paypal: { a: PayPal; b: PayPal };
let hosts: { close(): Promise<void> }[] = [];
/** Vendor B (signed up through the console) and a third vendor with no accounts of its own. */
let b: { slug: string; auth: Record<string, string>; productNumber: number };
let c: { auth: Record<string, string>; productNumber: number };

/** A fresh vendor as the console makes one: signed up, an add-on for sale, an API key. */
async function consoleVendor() {
  const owner = await signUpBrowser(server.url, { currency: "INR" });
  const product = await owner.mutate<{ number: number }>("catalog.createProduct", {
    kind: "addon",
    name: "Chart Pack",
    price: 50_000,
    bindingKind: "serial",
    durationValue: 1,
    durationUnit: "year",
  });
  const key = await owner.mutate<{ secret: string }>("credential.create", { name: "back end" });
  if (!product.ok || !key.ok) throw new Error("vendor setup");
  const [row] = await server.deps.db.select().from(vendors).where(eq(vendors.id, owner.vendorId));
  return {
    vendorId: owner.vendorId,
    slug: row?.slug ?? "",
    auth: { authorization: `Bearer ${key.data.secret}` },
    productNumber: product.data.number,
  };
}

const store = (vendorId: string, credentials: GatewayCredentialsInput) =>
  setGatewayCredentials(server.deps.db, { vendorId, secrets: server.deps.secrets, credentials });

beforeAll(async () => {
  const [upiA, upiB, upiServer, paypalA, paypalB] = await Promise.all([
    startFakeUpiGateway(KEY.a),
    startFakeUpiGateway(KEY.b, { firstOrderId: 500_000 }),
    startFakeUpiGateway(SERVER_KEY, { firstOrderId: 900_000 }),
    startFakePayPal("paypal-client-a", "secret-a"),
    startFakePayPal("paypal-client-b", "secret-b", { firstId: 500_000 }),
  ]);
  upi = { a: upiA, b: upiB, server: upiServer };
  paypal = { a: paypalA, b: paypalB };
  const upiHost = await startUpiHost([
    { key: KEY.a, url: upiA.url },
    { key: KEY.b, url: upiB.url },
    { key: SERVER_KEY, url: upiServer.url },
  ]);
  const paypalHost = await startPayPalHost([
    { clientId: "paypal-client-a", url: paypalA.url },
    { clientId: "paypal-client-b", url: paypalB.url },
  ]);
  hosts = [upiHost, paypalHost];
  // The only server-wide account: UPI Gateway, for the first vendor (the demo one).
  server = await startTestServer({
    RATE_LIMIT: "off",
    UPI_GATEWAY_URL: upiHost.url,
    UPI_GATEWAY_KEY: SERVER_KEY,
    PAYPAL_URL: paypalHost.url,
  });
  const vendorB = await consoleVendor();
  b = vendorB;
  c = await consoleVendor();
  for (const [vendorId, key, paypalId] of [
    [server.demoVendorId, KEY.a, "a"],
    [vendorB.vendorId, KEY.b, "b"],
  ] as const) {
    await store(vendorId, { gateway: "upigateway", key });
    await store(vendorId, {
      gateway: "paypal",
      clientId: `paypal-client-${paypalId}`,
      clientSecret: `secret-${paypalId}`,
      webhookId: `WH-VENDOR-${paypalId.toUpperCase()}`,
    });
    await updateVendorSettings(server.deps.db, {
      vendorId,
      secrets: server.deps.secrets,
      defaultGateway: "upigateway",
    });
  }
});
afterAll(async () => {
  await server.close();
  await Promise.all([...hosts, ...Object.values(upi), ...Object.values(paypal)].map((s) => s.close()));
});

const demoOrder = (extra: Record<string, unknown> = {}) =>
  openNativeOrder(server, demoHeaders.bearer, {
    item: { kind: "addon", productNumber: 1, serialNo: "B-12345678" },
    customer: { phone: "9460439200" },
    ...extra,
  });
const orderOfB = (extra: Record<string, unknown> = {}) =>
  openNativeOrder(server, b.auth, {
    item: { kind: "addon", productNumber: b.productNumber, serialNo: "SER-B-0001" },
    customer: { phone: "9000000002" },
    ...extra,
  });
const upiCallback = (path: string, fields: Record<string, string>) =>
  fetch(`${server.url}/webhooks/gateways/upigateway${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
const sawReference = (fake: Upi, reference: string) =>
  fake.requests.some((r) => r.body.client_txn_id === reference);

describe("each vendor's payments open on its own provider account", () => {
  it("opens vendor A's and vendor B's orders each on its own UPI Gateway account only", async () => {
    const [ofA, ofB] = [await demoOrder(), await orderOfB()];
    expect(upi.a.orders.get(ofA.reference)?.redirect_url).toBe(
      `${server.url}/webhooks/gateways/upigateway/vendors/demo/return?ref=${ofA.reference}`,
    );
    expect(upi.b.orders.get(ofB.reference)?.redirect_url).toBe(
      `${server.url}/webhooks/gateways/upigateway/vendors/${b.slug}/return?ref=${ofB.reference}`,
    );
    expect(ofA.paymentUrl.startsWith(`${upi.a.url}/order/checkout/`)).toBe(true);
    expect(ofB.paymentUrl.startsWith(`${upi.b.url}/order/checkout/`)).toBe(true);
    expect(sawReference(upi.b, ofA.reference) || sawReference(upi.server, ofA.reference)).toBe(false);
    expect(sawReference(upi.a, ofB.reference) || sawReference(upi.server, ofB.reference)).toBe(false);
    for (const opened of [ofA, ofB])
      expect((await orderState(server, opened.orderId)).order).toMatchObject({
        gateway: "upigateway",
        gatewayAccount: "vendor",
        testMode: false,
      });

    // Each one settles on its own account's word.
    upi.b.settle(ofB.reference, "success");
    const paid = await upiCallback(`/vendors/${b.slug}`, { client_txn_id: ofB.reference });
    expect(await paid.json()).toMatchObject({ order_status: "paid" });
    expect(await licenseStatus(server, ofB.orderId)).toBe("active");
  });

  it("opens each vendor's PayPal orders on its own PayPal account, returning through its own URL", async () => {
    const ofA = await demoOrder({ gateway: "paypal" });
    const ofB = await orderOfB({ gateway: "paypal" });
    const idA = new URL(ofA.paymentUrl).searchParams.get("token") ?? "";
    const idB = new URL(ofB.paymentUrl).searchParams.get("token") ?? "";
    expect(paypal.a.orders.get(idA)?.return_url).toBe(
      `${server.url}/webhooks/gateways/paypal/vendors/demo/return?ref=${ofA.reference}`,
    );
    expect(paypal.b.orders.get(idB)?.return_url).toBe(
      `${server.url}/webhooks/gateways/paypal/vendors/${b.slug}/return?ref=${ofB.reference}`,
    );
    expect([...paypal.b.orders.values()].some((o) => o.purchase_units[0]?.custom_id === ofA.reference)).toBe(
      false,
    );
  });
});

describe("a callback is honoured only on the account its order opened on", () => {
  it("refuses vendor A's order on vendor B's URL, even when B's account says it was paid", async () => {
    const ofA = await demoOrder();
    // Vendor B pays, on its own account, an order it named like A's, then calls its own URL.
    await postJson(`${upi.b.url}/api/create_order`, {
      key: KEY.b,
      client_txn_id: ofA.reference,
      amount: "2999.00",
    });
    upi.b.settle(ofA.reference, "success");
    const refused = await upiCallback(`/vendors/${b.slug}`, {
      client_txn_id: ofA.reference,
      status: "success",
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ code: "forbidden", message: expect.any(String) });

    const state = await orderState(server, ofA.orderId);
    expect(state.order.status).toBe("pending");
    expect(state.licenses.map((l) => l.status)).not.toContain("active");
    expect(state.payments).toEqual([]);
    const recorded = state.events.filter((e) => e.type === "payment.refused");
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.data).toMatchObject({ reference: ofA.reference });
    expect(String(recorded[0]?.data.reason)).toContain("another vendor's account");
  });

  it("refuses a vendor-account order's callback on the server-wide URL", async () => {
    const ofA = await demoOrder();
    upi.a.settle(ofA.reference, "success");
    const refused = await upiCallback("", { client_txn_id: ofA.reference });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "forbidden" });
    const state = await orderState(server, ofA.orderId);
    expect(state.order.status).toBe("pending");
    expect(state.events.filter((e) => e.type === "payment.refused")).toHaveLength(1);
    // Its own URL settles it.
    const paid = await upiCallback("/vendors/demo", { client_txn_id: ofA.reference });
    expect(await paid.json()).toMatchObject({ order_status: "paid" });
  });

  it("verifies a PayPal webhook with the webhook id of the account it arrived on", async () => {
    const ofA = await demoOrder({ gateway: "paypal" });
    const idA = new URL(ofA.paymentUrl).searchParams.get("token") ?? "";
    paypal.a.approve(idA);
    const event = { id: "WH-SWAP-1", event_type: "CHECKOUT.ORDER.APPROVED", resource: { id: idA } };
    const onB = await postJson(
      `${server.url}/webhooks/gateways/paypal/vendors/${b.slug}`,
      event,
      paypalWebhookHeaders(),
    );
    expect(onB.status).toBe(403);
    expect(paypal.b.webhookIds.at(-1)).toBe("WH-VENDOR-B");
    expect((await orderState(server, ofA.orderId)).order.status).toBe("pending");
    expect(paypal.a.captures).toEqual([]);

    const onA = await postJson(
      `${server.url}/webhooks/gateways/paypal/vendors/demo`,
      event,
      paypalWebhookHeaders(),
    );
    expect(onA.status).toBe(200);
    expect(paypal.a.webhookIds).toEqual(["WH-VENDOR-A"]);
    expect(await licenseStatus(server, ofA.orderId)).toBe("active");
  });
});

describe("the server-wide account serves the first vendor only", () => {
  it("opens the first vendor's order on it when that vendor has no account of its own", async () => {
    const vendor = { vendorId: server.demoVendorId, secrets: server.deps.secrets };
    await clearGatewayCredentials(server.deps.db, { ...vendor, gateway: "upigateway" });
    try {
      const opened = await demoOrder({ gateway: "upigateway" });
      expect(upi.server.orders.get(opened.reference)?.redirect_url).toBe(
        `${server.url}/webhooks/gateways/upigateway/return?ref=${opened.reference}`,
      );
      expect((await orderState(server, opened.orderId)).order.gatewayAccount).toBe("server");
    } finally {
      await store(server.demoVendorId, { gateway: "upigateway", key: KEY.a });
      await updateVendorSettings(server.deps.db, { ...vendor, defaultGateway: "upigateway" });
    }
  });

  it("never opens another vendor's live order on it: a stand-in test order, or no payment at all", async () => {
    const before = upi.server.requests.length;
    const item = { kind: "addon", productNumber: c.productNumber, serialNo: "SER-C-0001" };
    // Development: the sandbox stands in, and says so (test mode).
    const standIn = await openNativeOrder(server, c.auth, { item, gateway: "upigateway" });
    expect(standIn.testMode).toBe(true);
    expect(standIn.paymentUrl).toMatch(new RegExp(`^${server.url}/pay/`));
    // Production: the store cannot take live payments until it has an account.
    server.deps.orders.sandbox = "test-mode-only";
    try {
      const res = await postJson(`${server.url}/api/v1/orders`, { item, gateway: "upigateway" }, c.auth);
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ data: { code: "payments_unavailable" } });
    } finally {
      server.deps.orders.sandbox = "stand-in";
    }
    expect(upi.server.requests.length).toBe(before);
  });
});

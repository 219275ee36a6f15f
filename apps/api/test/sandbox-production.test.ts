import { eq, licenses, orders, payments, sql, vendors } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { startFakeUpiGateway } from "./fakes/upigateway";
import { receivedEvents, startWebhookReceiver, type WebhookReceiver, waitFor } from "./webhook-receiver";

/** The sandbox on a production server: it pays test-mode orders only; live money needs a real gateway. */

const UPI_KEY = "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
const CANNOT_PAY = "This store cannot take payments yet.";
let server: TestServer;
let upi: Awaited<ReturnType<typeof startFakeUpiGateway>>;
let receiver: WebhookReceiver;

beforeAll(async () => {
  upi = await startFakeUpiGateway(UPI_KEY);
  server = await startTestServer({
    NODE_ENV: "production",
    SECRET_KEY: "9c".repeat(32),
    SEED_DEMO: "true",
    RATE_LIMIT: "off",
    WORKER: "true",
    ALLOW_PRIVATE_WEBHOOK_URLS: "true",
    UPI_GATEWAY_URL: upi.url,
    UPI_GATEWAY_KEY: UPI_KEY,
  });
  receiver = await startWebhookReceiver("/hook");
}, 60_000);
afterAll(async () => {
  await server.close();
  await upi.close();
  await receiver.close();
});

const useGateway = (gateway: "sandbox" | "upigateway") =>
  server.deps.db.update(vendors).set({ defaultGateway: gateway }).where(eq(vendors.slug, "demo"));
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
const pay = (paymentUrl: string) =>
  fetch(paymentUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "action=pay",
    redirect: "manual",
  });
const orderCount = async () =>
  Number((await server.deps.db.select({ n: sql<number>`count(*)::int` }).from(orders))[0]?.n);
const addon = { kind: "addon", productNumber: 1, serialNo: "B-12345678" };

describe("a production store without a real gateway", () => {
  it("answers every checkout surface with 'cannot take payments yet' in its own envelope, and opens no order", async () => {
    await useGateway("sandbox");
    const before = await orderCount();

    const portal = await post("/trpc/checkout.createOrder", {
      vendorSlug: "demo",
      item: addon,
      customer: { phone: "9000000101" },
    });
    expect(portal.status).toBe(409);
    expect(await portal.json()).toMatchObject({
      error: { message: CANNOT_PAY, data: { code: "payments_unavailable", httpStatus: 409 } },
    });

    const renewal = await post("/trpc/checkout.createOrder", {
      vendorSlug: "demo",
      item: { kind: "renewal", licenseKey: "EXPIRED000000001" },
    });
    expect(renewal.status).toBe(409);
    expect(await renewal.json()).toMatchObject({ error: { message: CANNOT_PAY } });

    const native = await post("/api/v1/orders", { item: addon }, demoHeaders.bearer);
    expect(native.status).toBe(409);
    expect(await native.json()).toMatchObject({
      message: CANNOT_PAY,
      data: { code: "payments_unavailable", httpStatus: 409 },
    });

    const purchase = await post(
      "/api/purchase",
      { addonId: 1, serialNo: "B-12345678", buyerPhone: "9460439200" },
      demoHeaders.biznoq,
    );
    expect(purchase.status).toBe(409);
    expect(await purchase.json()).toEqual({ success: false, message: CANNOT_PAY });

    const subscribe = await post(
      "/api/plans/subscribe",
      { planId: 2, serialNo: "B-87654321", buyerPhone: "9876543210", billingCycle: "yearly" },
      demoHeaders.biznoq,
    );
    expect(subscribe.status).toBe(409);
    expect(await subscribe.json()).toEqual({ success: false, message: CANNOT_PAY });

    const link = await post(
      "/api/v1/licenses/purchase/checkout-link",
      {
        packageId: "Plakdiooh209sz",
        subscriptionTypeId: "Plakdiooh209sz",
        startDate: "2025-01-01",
        endDate: "2025-02-01",
      },
      demoHeaders.jframework,
    );
    expect(link.status).toBe(409);
    expect(await link.json()).toMatchObject({
      success: false,
      statusCode: 409,
      message: CANNOT_PAY,
      data: null,
      errors: [{ code: "payments_unavailable", message: CANNOT_PAY }],
    });

    expect(await orderCount()).toBe(before);
  });

  it("pays a vendor API order created in test mode, and says test mode on the order, license and webhook", async () => {
    await useGateway("sandbox");
    const endpoint = await post(
      "/api/v1/webhook-endpoints",
      { url: receiver.url, format: "native" },
      demoHeaders.bearer,
    );
    expect(endpoint.status).toBe(200);

    const res = await post(
      "/api/v1/orders",
      { item: addon, customer: { phone: "9000000102" }, testMode: true },
      demoHeaders.bearer,
    );
    expect(res.status).toBe(200);
    const created = (await res.json()) as { orderId: string; paymentUrl: string };
    expect(created.paymentUrl).toMatch(new RegExp(`^${server.url}/pay/`));
    expect(await (await fetch(created.paymentUrl)).text()).toContain("Test mode");
    expect((await pay(created.paymentUrl)).status).toBe(303);

    const order = (await (
      await fetch(`${server.url}/api/v1/orders/${created.orderId}`, { headers: demoHeaders.bearer })
    ).json()) as { status: string; testMode: boolean; licenseId: string };
    expect(order).toMatchObject({ status: "paid", testMode: true });
    const license = (await (
      await fetch(`${server.url}/api/v1/licenses/${order.licenseId}`, { headers: demoHeaders.bearer })
    ).json()) as { status: string; testMode: boolean };
    expect(license).toMatchObject({ status: "active", testMode: true });

    await waitFor(
      () =>
        ["payment.succeeded", "license.activated"].every((t) =>
          receivedEvents(receiver).some((r) => r.type === t),
        ),
      "the payment and license webhooks",
    );
    for (const type of ["payment.succeeded", "license.activated"])
      expect(receivedEvents(receiver).find((r) => r.type === type)?.data, type).toMatchObject({
        test_mode: true,
      });
  });

  it("refuses to settle a live order through the sandbox: a clear page, and the order stays pending", async () => {
    await useGateway("sandbox");
    const res = await post(
      "/api/v1/orders",
      { item: addon, customer: { phone: "9000000103" }, testMode: true },
      demoHeaders.bearer,
    );
    const created = (await res.json()) as { orderId: string; paymentUrl: string };
    // As an order opened before this rule existed: a live order on the sandbox.
    const [legacy] = await server.deps.db
      .update(orders)
      .set({ testMode: false })
      .where(eq(orders.id, created.orderId))
      .returning();
    await server.deps.db
      .update(licenses)
      .set({ testMode: false })
      .where(eq(licenses.id, legacy?.licenseId ?? ""));

    const page = await (await fetch(created.paymentUrl)).text();
    expect(page).not.toContain('value="pay"');
    expect(page).toContain("live order");

    const answer = await pay(created.paymentUrl);
    expect(answer.status).toBe(409);
    expect(await answer.text()).toContain("live order");
    const [after] = await server.deps.db.select().from(orders).where(eq(orders.id, created.orderId));
    expect(after?.status).toBe("pending");
    const [license] = await server.deps.db
      .select()
      .from(licenses)
      .where(eq(licenses.id, legacy?.licenseId ?? ""));
    expect(license?.status).toBe("pending");
    const recorded = await server.deps.db
      .select()
      .from(payments)
      .where(eq(payments.orderId, created.orderId));
    expect(recorded.map((p) => p.status)).toEqual(["refused"]);
  });
});

describe("a production store with a real gateway", () => {
  it("takes an anonymous portal checkout through UPI Gateway as before, as a live order", async () => {
    await useGateway("upigateway");
    const res = await post("/trpc/checkout.createOrder", {
      vendorSlug: "demo",
      item: addon,
      customer: { phone: "9000000104" },
    });
    expect(res.status).toBe(200);
    const created = ((await res.json()) as { result: { data: { orderId: string; paymentUrl: string } } })
      .result.data;
    expect(created.paymentUrl.startsWith(`${upi.url}/order/checkout/`)).toBe(true);
    const [order] = await server.deps.db.select().from(orders).where(eq(orders.id, created.orderId));
    if (!order) throw new Error("no order");
    expect(order).toMatchObject({ gateway: "upigateway", testMode: false });

    // The sandbox's page cannot pay it; the provider's confirmation does.
    expect((await pay(`${server.url}/pay/${order.token}`)).status).toBe(404);
    upi.settle(order.reference, "success");
    const callback = await fetch(`${server.url}/webhooks/gateways/upigateway`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_txn_id: order.reference }).toString(),
    });
    expect(callback.status).toBe(200);
    const [license] = await server.deps.db
      .select()
      .from(licenses)
      .where(eq(licenses.id, order.licenseId ?? ""));
    expect(license).toMatchObject({ status: "active", testMode: false });
  });
});

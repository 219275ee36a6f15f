import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { startWebhookReceiver, type WebhookReceiver, waitFor } from "./webhook-receiver";

let server: TestServer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  // As on a fresh `pnpm start`: the worker runs inside the API process.
  server = await startTestServer({ WORKER: "true" });
  receiver = await startWebhookReceiver("/biznoq-webhook");
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

describe("seed 000 end to end: purchase, sandbox pay, Biznoq webhook", () => {
  it("delivers one signed POST with the seed's body when the payment clears", async () => {
    const endpoint = await fetch(`${server.url}/api/v1/webhook-endpoints`, {
      method: "POST",
      headers: { ...demoHeaders.biznoq, "content-type": "application/json" },
      body: JSON.stringify({ url: receiver.url, format: "biznoq" }),
    });
    expect(endpoint.status).toBe(200);
    const { id: endpointId, secret } = (await endpoint.json()) as { id: string; secret: string };

    // Seed 000, "Create Add-on Order", verbatim.
    const purchase = await fetch(`${server.url}/api/purchase`, {
      method: "POST",
      headers: { ...demoHeaders.biznoq, "content-type": "application/json" },
      body: JSON.stringify({ addonId: 1, serialNo: "B-12345678", buyerPhone: "9460439200" }),
    });
    expect(purchase.status).toBe(200);
    const order = (await purchase.json()) as { success: boolean; paymentUrl: string; licenseKey: string };
    expect(order.success).toBe(true);
    expect(receiver.received).toHaveLength(0);

    const pay = () =>
      fetch(order.paymentUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "action=pay",
        redirect: "manual",
      });
    expect((await pay()).status).toBeLessThan(400);
    await waitFor(() => receiver.received.length > 0, "the Biznoq webhook");

    const hook = receiver.received[0];
    if (!hook) throw new Error("no webhook");
    const body = new Webhook(secret).verify(hook.body, hook.headers) as Record<string, unknown>;
    // Seed 000, "Example Webhook JSON Body": the same fields, with this purchase's values.
    expect(Object.keys(body).sort()).toEqual(
      ["amount", "client_txn_id", "customer_mobile", "status", "txn_id", "udf1", "udf2", "udf3"].sort(),
    );
    expect(body).toMatchObject({
      status: "success",
      amount: "2999.00",
      customer_mobile: "9460439200",
      udf1: "trading-analyzer",
      udf2: "B-12345678",
      udf3: order.licenseKey,
    });
    expect(body.client_txn_id).toEqual(expect.any(String));
    expect(String(body.client_txn_id).length).toBeGreaterThan(0);
    expect(body.txn_id).toEqual(expect.any(String));

    // Paying again changes nothing: still exactly one delivery, delivered once.
    await pay();
    const listed = await fetch(`${server.url}/api/v1/webhook-deliveries?endpointId=${endpointId}`, {
      headers: demoHeaders.biznoq,
    });
    const page = (await listed.json()) as { items: { id: string; status: string; eventType: string }[] };
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ eventType: "payment.succeeded", status: "succeeded" });
    expect(receiver.received).toHaveLength(1);
    expect(hook.headers["webhook-id"]).toBe(page.items[0]?.id);
  });

  it("a failed payment arrives as status failure", async () => {
    const purchase = await fetch(`${server.url}/api/purchase`, {
      method: "POST",
      headers: { ...demoHeaders.biznoq, "content-type": "application/json" },
      body: JSON.stringify({ addonId: 1, serialNo: "B-87654321", buyerPhone: "9876543210" }),
    });
    const order = (await purchase.json()) as { paymentUrl: string; licenseKey: string };
    const before = receiver.received.length;
    const fail = await fetch(order.paymentUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "action=fail",
      redirect: "manual",
    });
    expect(fail.status).toBeLessThan(400);
    await waitFor(() => receiver.received.length > before, "the failure webhook");
    expect(JSON.parse(receiver.received.at(-1)?.body ?? "{}")).toMatchObject({
      status: "failure",
      amount: "2999.00",
      customer_mobile: "9876543210",
      udf1: "trading-analyzer",
      udf2: "B-87654321",
    });
  });
});

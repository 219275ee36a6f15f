import { apiCredentials, hashSecret, vendors } from "@keyway/db";
import { DEMO } from "@keyway/db/seed";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { createContextInner } from "../src/trpc/context";
import { createCallerFactory } from "../src/trpc/init";
import { appRouter } from "../src/trpc/router";
import { startWebhookReceiver, type WebhookReceiver, waitFor } from "./webhook-receiver";

let server: TestServer;
let receiver: WebhookReceiver;
const otherVendor = { headers: { authorization: "Bearer sec_other_vendor_webhook_tests_0001" } };

beforeAll(async () => {
  // The in-process worker runs, as on `pnpm start`.
  server = await startTestServer({ WORKER: "true" });
  receiver = await startWebhookReceiver();
  const [vendor] = await server.testDb.db
    .insert(vendors)
    .values({ slug: "other-webhooks", name: "Other vendor" })
    .returning();
  await server.testDb.db.insert(apiCredentials).values({
    vendorId: vendor?.id ?? "",
    name: "other",
    key: "biz_other_webhooks",
    secretHash: hashSecret("sec_other_vendor_webhook_tests_0001"),
    secretHint: "0001",
  });
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

async function api(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = demoHeaders.biznoq,
) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown>, text };
}

describe("webhook endpoints over REST", () => {
  it("creates an endpoint, shows its secret once, lists, updates, rotates and deletes it", async () => {
    const created = await api("POST", "/webhook-endpoints", {
      url: receiver.url,
      format: "native",
      events: ["license.renewed"],
      description: "ERP sync",
    });
    expect(created.status).toBe(200);
    const secret = String(created.body.secret);
    expect(secret).toMatch(/^whsec_/);
    const id = String(created.body.id);

    const listed = await api("GET", "/webhook-endpoints");
    expect(listed.status).toBe(200);
    expect((listed.body.items as { id: string }[]).map((e) => e.id)).toContain(id);
    expect(listed.text).not.toContain(secret);
    const got = await api("GET", `/webhook-endpoints/${id}`);
    expect(got.body).toMatchObject({ id, description: "ERP sync", status: "active", format: "native" });
    expect(got.text).not.toContain(secret);

    const updated = await api("PATCH", `/webhook-endpoints/${id}`, { events: [], disabled: true });
    expect(updated.body).toMatchObject({ events: [], status: "disabled" });

    const rotated = await api("POST", `/webhook-endpoints/${id}/rotate-secret`, { overlapHours: 2 });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(secret);
    expect(rotated.body.previousSecretExpiresAt).toEqual(expect.any(String));

    expect((await api("DELETE", `/webhook-endpoints/${id}`)).body).toEqual({ id, deleted: true });
    expect((await api("GET", `/webhook-endpoints/${id}`)).status).toBe(404);
    const after = await api("GET", "/webhook-endpoints");
    expect((after.body.items as { id: string }[]).map((e) => e.id)).not.toContain(id);
  });

  it("sends a test event: the in-process worker delivers it signed; replay resends the same webhook-id", async () => {
    const created = await api("POST", "/webhook-endpoints", { url: receiver.url, format: "biznoq" });
    const id = String(created.body.id);
    const before = receiver.received.length;
    const sent = await api("POST", `/webhook-endpoints/${id}/test`, {});
    expect(sent.status).toBe(200);
    const deliveryId = String(sent.body.deliveryId);
    await waitFor(() => receiver.received.length > before, "the test webhook");
    const hook = receiver.received.at(-1);
    if (!hook) throw new Error("no webhook");
    expect(hook.headers["webhook-id"]).toBe(deliveryId);
    const body = new Webhook(String(created.body.secret)).verify(hook.body, hook.headers);
    expect(Object.keys(body as object).sort()).toEqual(
      ["amount", "client_txn_id", "customer_mobile", "status", "txn_id", "udf1", "udf2", "udf3"].sort(),
    );

    let delivery = await api("GET", `/webhook-deliveries/${deliveryId}`);
    for (let i = 0; i < 50 && delivery.body.status !== "succeeded"; i++) {
      await new Promise((r) => setTimeout(r, 20));
      delivery = await api("GET", `/webhook-deliveries/${deliveryId}`);
    }
    expect(delivery.body).toMatchObject({ id: deliveryId, status: "succeeded", eventType: "webhook.test" });
    expect((delivery.body.attemptLog as unknown[])[0]).toMatchObject({
      statusCode: 200,
      responseSnippet: "ok",
    });

    const listed = await api("GET", `/webhook-deliveries?endpointId=${id}&limit=5`);
    expect(listed.status).toBe(200);
    expect((listed.body.items as { id: string }[]).map((d) => d.id)).toEqual([deliveryId]);

    const count = receiver.received.length;
    const replayed = await api("POST", `/webhook-deliveries/${deliveryId}/replay`, {});
    expect(replayed.status).toBe(200);
    await waitFor(() => receiver.received.length > count, "the replayed webhook");
    expect(receiver.received.at(-1)?.headers["webhook-id"]).toBe(deliveryId);
    await api("DELETE", `/webhook-endpoints/${id}`);
  });

  it("refuses private URLs when the server runs with the production policy", async () => {
    server.deps.config.allowPrivateWebhookUrls = false;
    try {
      for (const url of [
        "http://127.0.0.1:9/x",
        "http://localhost/x",
        "http://169.254.169.254/latest/meta-data",
      ]) {
        const res = await api("POST", "/webhook-endpoints", { url });
        expect(res.status, url).toBe(400);
        expect(res.text).toMatch(/private, loopback, link-local or metadata/);
      }
    } finally {
      server.deps.config.allowPrivateWebhookUrls = true;
    }
  });

  it("answers malformed input with a 4xx envelope, never a 500 or a stack trace", async () => {
    const cases: [string, string, unknown][] = [
      ["POST", "/webhook-endpoints", { url: "ftp://example.com/x" }],
      ["POST", "/webhook-endpoints", { url: receiver.url, format: "xml" }],
      ["POST", "/webhook-endpoints", { url: receiver.url, events: "payment.succeeded" }],
      ["POST", "/webhook-endpoints", { url: receiver.url, events: ["nope.never"] }],
      ["POST", "/webhook-endpoints", { url: receiver.url, format: "biznoq", events: ["license.revoked"] }],
      ["POST", "/webhook-endpoints", "{not json"],
      ["POST", "/webhook-endpoints", { url: "x".repeat(5000) }],
      ["GET", "/webhook-deliveries?cursor=abc", undefined],
      ["GET", "/webhook-deliveries?limit=1000", undefined],
      ["GET", "/webhook-deliveries?status=lost", undefined],
      ["POST", "/webhook-endpoints/we_nope/rotate-secret", { overlapHours: 9999 }],
      // No JSON content type: the adapter refuses it, as a 4xx.
      ["POST", "/webhook-endpoints/we_nope/test", undefined],
    ];
    for (const [method, path, body] of cases) {
      const res = await api(method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${method} ${path}`).toBeLessThan(500);
      expect(res.text).not.toMatch(/\bat .*\.ts:\d+/);
      expect(res.body.message).toEqual(expect.any(String));
    }
  });

  it("needs the vendor's credentials, and another vendor's ids read as not found", async () => {
    const created = await api("POST", "/webhook-endpoints", { url: receiver.url });
    const id = String(created.body.id);
    const { body: sent } = await api("POST", `/webhook-endpoints/${id}/test`, {});
    const deliveryId = String(sent.deliveryId);
    const routes: [string, string][] = [
      ["GET", "/webhook-endpoints"],
      ["GET", `/webhook-endpoints/${id}`],
      ["PATCH", `/webhook-endpoints/${id}`],
      ["POST", `/webhook-endpoints/${id}/rotate-secret`],
      ["POST", `/webhook-endpoints/${id}/test`],
      ["DELETE", `/webhook-endpoints/${id}`],
      ["GET", "/webhook-deliveries"],
      ["GET", `/webhook-deliveries/${deliveryId}`],
      ["POST", `/webhook-deliveries/${deliveryId}/replay`],
    ];
    for (const [method, path] of routes) {
      const body = method === "GET" || method === "DELETE" ? undefined : {};
      expect((await api(method, path, body, {})).status, `${method} ${path} without a key`).toBe(401);
      const wrong = { "x-api-key": demoHeaders.biznoq["x-api-key"], "x-api-secret": "sec_wrong" };
      expect((await api(method, path, body, wrong)).status, `${method} ${path} wrong secret`).toBe(401);
      const other = await api(method, path, body, otherVendor.headers);
      if (path === "/webhook-endpoints" || path === "/webhook-deliveries") {
        expect(other.status).toBe(200);
        expect(other.text).not.toContain(id);
      } else expect(other.status, `${method} ${path} another vendor`).toBe(404);
    }
    expect((await api("GET", `/webhook-endpoints/${id}`)).status).toBe(200);
  });

  it("works through the typed tRPC router too", async () => {
    const caller = createCallerFactory(appRouter)(
      createContextInner(server.deps, { credential: { kind: "bearer", secret: DEMO.biznoq.secret } }),
    );
    const created = await caller.webhookEndpoint.create({
      url: receiver.url,
      format: "biznoq",
      events: ["payment.succeeded"],
    });
    expect(created.secret).toMatch(/^whsec_/);
    expect((await caller.webhookEndpoint.list()).items.map((e) => e.id)).toContain(created.id);
    await expect(
      caller.webhookEndpoint.update({ id: created.id, events: ["license.revoked"] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const page = await caller.webhookDelivery.list({ endpointId: created.id, limit: 5 });
    expect(page).toEqual({ items: [], nextCursor: null });
    await caller.webhookEndpoint.delete({ id: created.id });
    const anonymous = createCallerFactory(appRouter)(createContextInner(server.deps));
    await expect(anonymous.webhookEndpoint.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("is described in the OpenAPI document", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/webhook-endpoints",
        "/webhook-endpoints/{id}",
        "/webhook-endpoints/{id}/rotate-secret",
        "/webhook-endpoints/{id}/test",
        "/webhook-deliveries",
        "/webhook-deliveries/{id}",
        "/webhook-deliveries/{id}/replay",
      ]),
    );
  });
});

import { createLicenseByHand } from "@keyway/core";
import { and, eq, products } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { receivedEvents, startWebhookReceiver, type WebhookReceiver, waitFor } from "./webhook-receiver";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: TestServer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  // The worker runs in the API process, its scheduler every second.
  server = await startTestServer({ WORKER: "true", SCHEDULER_INTERVAL_MS: "1000" });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

async function api(method: string, path: string, body: unknown) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { ...demoHeaders.bearer, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("the scheduler on a running server", () => {
  it("delivers license.expired once, soon after a license's expiry set a few seconds ahead passes", async () => {
    const endpoint = await api("POST", "/webhook-endpoints", {
      url: receiver.url,
      format: "native",
      events: ["license.expired"],
    });
    expect(endpoint.status).toBe(200);
    const [product] = await server.testDb.db
      .select()
      .from(products)
      .where(and(eq(products.vendorId, server.demoVendorId), eq(products.slug, "example-product")));
    const license = await createLicenseByHand(server.deps.db, {
      vendorId: server.demoVendorId,
      productId: product?.id ?? "",
      actor: "test",
    });

    const patched = await api("PATCH", `/licenses/${license.id}`, {
      expiresAt: new Date(Date.now() + 2_000).toISOString(),
    });
    expect(patched.status).toBe(200);

    const expiredOfLicense = () =>
      receivedEvents(receiver).filter(
        (p) => p.type === "license.expired" && p.data.license_id === license.id,
      );
    // Waiting for the event, not measuring the scheduler: a generous deadline.
    await waitFor(() => expiredOfLicense().length > 0, "license.expired");
    await sleep(2_500);
    expect(expiredOfLicense()).toHaveLength(1);
    expect(expiredOfLicense()[0]?.data).toMatchObject({ license_id: license.id, key: license.key });
  });
});

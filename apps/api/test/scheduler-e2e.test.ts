import http from "node:http";
import type { AddressInfo } from "node:net";
import { createLicenseByHand } from "@keyway/core";
import { and, eq, products } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";

/** A loopback webhook receiver that keeps every native payload it is sent. */
async function startReceiver() {
  const received: { type: string; data: Record<string, unknown> }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: TestServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  // The worker runs in the API process, its scheduler every second.
  server = await startTestServer({ WORKER: "true", SCHEDULER_INTERVAL_MS: "1000" });
  receiver = await startReceiver();
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
      receiver.received.filter((p) => p.type === "license.expired" && p.data.license_id === license.id);
    // Waiting for the event, not measuring the scheduler: a generous deadline.
    const deadline = Date.now() + 15_000;
    while (expiredOfLicense().length === 0) {
      if (Date.now() > deadline) throw new Error("license.expired never arrived");
      await sleep(50);
    }
    await sleep(2_500);
    expect(expiredOfLicense()).toHaveLength(1);
    expect(expiredOfLicense()[0]?.data).toMatchObject({ license_id: license.id, key: license.key });
  });
});

import http from "node:http";
import type { AddressInfo } from "node:net";
import { verificationCacheOf } from "@keyway/core";
import { createDb, type DbHandle } from "@keyway/db";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/env";
import { type RunningServer, startServer } from "../src/server";
import { startTestServer, type TestServer } from "../src/testing";
import { api, biznoqPurchase, validate } from "./helpers-refunds";

/**
 * What a refund reaches beyond the answer: the vendor's `payment.refunded` webhook (the worker
 * runs in the API process, as on `pnpm start`) and every other process's verification answers.
 */

let server: TestServer;
let receiver: http.Server;
let receiverUrl: string;
const received: { headers: Record<string, string>; body: string }[] = [];

beforeAll(async () => {
  server = await startTestServer({ WORKER: "true", RATE_LIMIT: "off" });
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      received.push({ headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/refunds`;
});
afterAll(async () => {
  await server.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

/** Polls `check` until it holds (a deadline, never a fixed wait). */
async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("payment.refunded", () => {
  it("reaches an endpoint subscribed to it once, with the license action and the amounts", async () => {
    const endpoint = await api(server, "POST", "/webhook-endpoints", {
      url: receiverUrl,
      format: "native",
      events: ["payment.refunded"],
    });
    expect(endpoint.status).toBe(200);
    const { id: endpointId, secret } = endpoint.body as { id: string; secret: string };

    const order = await biznoqPurchase(server, "B-71000001");
    const refund = await api(server, "POST", `/orders/${order.orderId}/refund`, { reason: "Duplicate" });
    expect(refund.status).toBe(200);

    const delivered = async () => {
      const page = await api(server, "GET", `/webhook-deliveries?endpointId=${endpointId}`);
      return (page.body.items as { status: string }[]).every((d) => d.status === "succeeded");
    };
    await waitFor(() => received.length > 0, "the payment.refunded webhook");
    await waitFor(delivered, "the delivery to settle");
    const page = await api(server, "GET", `/webhook-deliveries?endpointId=${endpointId}`);
    expect(page.body.items).toEqual([
      expect.objectContaining({ eventType: "payment.refunded", status: "succeeded" }),
    ]);
    expect(received).toHaveLength(1);

    const hook = received[0];
    if (!hook) throw new Error("no webhook");
    const payload = new Webhook(secret).verify(hook.body, hook.headers) as {
      type: string;
      data: Record<string, unknown>;
    };
    expect(payload.type).toBe("payment.refunded");
    expect(payload.data).toMatchObject({
      order_id: order.orderId,
      refund_id: refund.body.refund?.id,
      gateway: "sandbox",
      source: "keyway",
      amount: order.amount,
      amount_decimal: "2999.00",
      currency: "INR",
      refunded_total: order.amount,
      order_status: "refunded",
      reason: "Duplicate",
      license_action: "revoke",
      test_mode: true,
    });
    expect(payload.data.license_ids).toHaveLength(1);
  });
});

describe("a second process", () => {
  // Two processes need two connection pools on one database: Postgres only (PGlite is one process).
  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    "refuses a refunded key it had just verified (its cache forgets the license)",
    async () => {
      let secondHandle: DbHandle | null = null;
      let second: RunningServer | null = null;
      try {
        secondHandle = await createDb({ databaseUrl: server.testDb.url ?? "", max: 4 });
        second = await startServer(
          loadConfig({
            NODE_ENV: "test",
            PORT: "0",
            LOG_LEVEL: "silent",
            SEED_DEMO: "false",
            WORKER: "false",
          }),
          { dbHandle: secondHandle },
        );
        const order = await biznoqPurchase(server, "B-71000002");
        const serial = { serial: order.serialNo };
        // Verified on process 2 twice: the second answer comes from its cache.
        const cache = verificationCacheOf(second.deps.db);
        expect(await validate(second, order.licenseKey, serial)).toBe("ok");
        const hits = cache?.stats().hits ?? 0;
        expect(await validate(second, order.licenseKey, serial)).toBe("ok");
        expect(cache?.stats().hits).toBeGreaterThan(hits);

        expect((await api(server, "POST", `/orders/${order.orderId}/refund`, {})).status).toBe(200);
        const other = second;
        await waitFor(
          async () => (await validate(other, order.licenseKey, serial)) === "license_revoked",
          "process 2 to refuse the refunded key",
          2_000,
        );
      } finally {
        await second?.close();
        await secondHandle?.close();
      }
    },
  );
});

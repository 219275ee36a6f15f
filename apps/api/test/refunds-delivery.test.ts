import { verificationCacheOf } from "@keyway/core";
import { createDb, type DbHandle } from "@keyway/db";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/env";
import { type RunningServer, startServer } from "../src/server";
import { startTestServer, type TestServer } from "../src/testing";
import { api, biznoqPurchase, validate } from "./helpers-refunds";
import { startWebhookReceiver, type WebhookReceiver, waitFor } from "./webhook-receiver";

/**
 * What a refund reaches beyond the answer: the vendor's `payment.refunded` webhook (the worker
 * runs in the API process, as on `pnpm start`) and every other process's verification answers.
 */

let server: TestServer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  server = await startTestServer({ WORKER: "true", RATE_LIMIT: "off" });
  receiver = await startWebhookReceiver("/refunds");
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

describe("payment.refunded", () => {
  it("reaches an endpoint subscribed to it once, with the license action and the amounts", async () => {
    const endpoint = await api(server, "POST", "/webhook-endpoints", {
      url: receiver.url,
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
    await waitFor(() => receiver.received.length > 0, "the payment.refunded webhook");
    await waitFor(delivered, "the delivery to settle");
    const page = await api(server, "GET", `/webhook-deliveries?endpointId=${endpointId}`);
    expect(page.body.items).toEqual([
      expect.objectContaining({ eventType: "payment.refunded", status: "succeeded" }),
    ]);
    expect(receiver.received).toHaveLength(1);

    const hook = receiver.received[0];
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

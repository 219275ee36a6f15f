import type { ServerResponse } from "node:http";
import { createDb, type DbHandle, eq, webhookDeliveries, webhookEndpoints } from "@keyway/db";
import { seedDemo } from "@keyway/db/seed";
import { createTestDb, type TestDb } from "@keyway/db/testing";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { recordEvent } from "../../src/events/record-event";
import { getWebhookDelivery, listWebhookDeliveries } from "../../src/webhooks/list-webhook-deliveries";
import { getWebhookEndpoint } from "../../src/webhooks/list-webhook-endpoints";
import type { PaymentEventData } from "../../src/webhooks/render-body";
import { replayWebhookDelivery } from "../../src/webhooks/replay-webhook-delivery";
import { MAX_DELIVERY_ATTEMPTS } from "../../src/webhooks/retry-schedule";
import { rotateWebhookSecret } from "../../src/webhooks/rotate-webhook-secret";
import {
  claimDueDeliveries,
  createWebhookWorker,
  type SettleItem,
  settleDeliveries,
  type WebhookWorkerOptions,
} from "../../src/webhooks/worker";
import { createEndpoint, fakeClock, removeEndpoints, secrets, waitFor } from "./helpers";
import { freePort, type Receiver, startReceiver } from "./receiver";

let t: TestDb;
let vendorId: string;
let receiver: Receiver;

beforeAll(async () => {
  t = await createTestDb();
  vendorId = (await seedDemo(t.db)).vendorId;
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});
afterEach(async () => {
  await removeEndpoints(t.db, vendorId);
  receiver.received.length = 0;
  receiver.respond = (_req, res) => res.writeHead(200).end("ok");
});

function worker(options: Partial<WebhookWorkerOptions> = {}) {
  return createWebhookWorker({ db: t.db, secrets, allowPrivateUrls: true, ...options });
}

function licenseEvent(licenseId: string, seq: number, now?: Date) {
  return recordEvent(t.db, {
    vendorId,
    type: "license.renewed",
    subjectType: "license",
    subjectId: licenseId,
    licenseId,
    data: { license_id: licenseId, seq },
    ...(now ? { now } : {}),
  });
}

const paymentData: PaymentEventData = {
  order_id: "ord_1",
  reference: "TXN-1716942000000-8452",
  gateway: "sandbox",
  gateway_txn_id: "UPI298452093845",
  amount: 299900,
  amount_decimal: "2999.00",
  currency: "INR",
  customer: { id: "cus_1", phone: "9460439200", email: null },
  product: {
    id: "prd_1",
    number: 1,
    slug: "trading-analyzer",
    name: "Smart Item Trading Analyzer",
    kind: "addon",
  },
  binding_value: "B-12345678",
  license_keys: ["GA-X3R9-K9L2-M4P1"],
  license_id: "lic_pay",
  subscription_id: null,
  test_mode: true,
};

describe(`webhook delivery (${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("signs with Standard Webhooks: the real body verifies, a modified body does not", async () => {
    const endpoint = await createEndpoint(t.db, vendorId, receiver.url);
    const { eventId } = await licenseEvent("lic_sig", 1);
    const w = worker();
    expect(await w.drain()).toBe(1);
    await w.stop();

    expect(receiver.received).toHaveLength(1);
    const hook = receiver.received[0];
    if (!hook) throw new Error("no webhook");
    const verified = new Webhook(endpoint.secret).verify(hook.body, hook.headers);
    expect(verified).toMatchObject({
      id: eventId,
      type: "license.renewed",
      data: { license_id: "lic_sig", seq: 1 },
    });
    expect(Object.keys(JSON.parse(hook.body))).toEqual(["id", "type", "created_at", "data"]);
    const [delivery] = (await listWebhookDeliveries(t.db, { vendorId, endpointId: endpoint.id, limit: 5 }))
      .items;
    expect(hook.headers["webhook-id"]).toBe(delivery?.id);
    expect(delivery?.status).toBe("succeeded");

    const tampered = hook.body.replace('"seq":1', '"seq":2');
    expect(tampered).not.toBe(hook.body);
    expect(() => new Webhook(endpoint.secret).verify(tampered, hook.headers)).toThrow(
      WebhookVerificationError,
    );
    const otherSecret = `whsec_${Buffer.from("another secret of 24 byt").toString("base64")}`;
    expect(() => new Webhook(otherSecret).verify(hook.body, hook.headers)).toThrow(WebhookVerificationError);
  });

  it("signs with both secrets during a rotation's overlap, and with the new one only after it", async () => {
    const clock = fakeClock();
    const endpoint = await createEndpoint(t.db, vendorId, receiver.url);
    const rotated = await rotateWebhookSecret(t.db, {
      vendorId,
      id: endpoint.id,
      overlapHours: 24,
      secrets,
      now: clock.now(),
    });
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(rotated.previousSecretExpiresAt).not.toBeNull();
    const w = worker({ now: clock.now });

    await licenseEvent("lic_rot", 1, clock.now());
    await w.drain();
    const during = receiver.received[0];
    if (!during) throw new Error("no webhook");
    expect(during.headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(() => new Webhook(endpoint.secret).verify(during.body, during.headers)).not.toThrow();
    expect(() => new Webhook(rotated.secret).verify(during.body, during.headers)).not.toThrow();

    clock.advance(25 * 3_600_000);
    await licenseEvent("lic_rot", 2, clock.now());
    await w.drain();
    await w.stop();
    const after = receiver.received[1];
    if (!after) throw new Error("no webhook");
    expect(after.headers["webhook-signature"]?.split(" ")).toHaveLength(1);
    expect(() => new Webhook(rotated.secret).verify(after.body, after.headers)).not.toThrow();
    expect(() => new Webhook(endpoint.secret).verify(after.body, after.headers)).toThrow(
      WebhookVerificationError,
    );
  });

  it("receiver down then up: every event arrives exactly once, in order per license", async () => {
    const clock = fakeClock();
    const port = await freePort();
    const endpoint = await createEndpoint(t.db, vendorId, `http://127.0.0.1:${port}/hooks`);
    const licenses = ["lic_a", "lic_b", "lic_c", "lic_d"];
    for (let seq = 1; seq <= 3; seq++) for (const id of licenses) await licenseEvent(id, seq, clock.now());

    const w = worker({ now: clock.now });
    // Down: only the oldest event of each license is tried; the others wait behind it.
    expect(await w.drain()).toBe(4);
    const down = await listWebhookDeliveries(t.db, { vendorId, endpointId: endpoint.id, limit: 50 });
    expect(down.items.every((d) => d.status === "pending")).toBe(true);
    const tried = down.items.filter((d) => d.attemptLog.length > 0);
    expect(tried.map((d) => (d.payload.data as { seq: number }).seq)).toEqual([1, 1, 1, 1]);
    expect(tried[0]?.attemptLog[0]?.error).toMatch(/ECONNREFUSED/);
    expect(tried[0]?.attemptLog[0]?.statusCode).toBeNull();

    const up = await startReceiver(port);
    try {
      clock.advance(60 * 60_000);
      expect(await w.drain()).toBe(12);
      // Nothing is left to send, even three days later.
      clock.advance(3 * 24 * 3_600_000);
      expect(await w.drain()).toBe(0);
      await w.stop();

      const ids = up.received.map((r) => r.headers["webhook-id"]);
      expect(ids).toHaveLength(12);
      expect(new Set(ids).size).toBe(12);
      for (const id of licenses) {
        const seqs = up.received
          .map((r) => JSON.parse(r.body) as { data: { license_id: string; seq: number } })
          .filter((b) => b.data.license_id === id)
          .map((b) => b.data.seq);
        expect(seqs).toEqual([1, 2, 3]);
      }
      const after = await listWebhookDeliveries(t.db, { vendorId, endpointId: endpoint.id, limit: 50 });
      expect(after.items.every((d) => d.status === "succeeded")).toBe(true);
    } finally {
      await up.close();
    }
  });

  it("two workers at once deliver each row once, in order per license", async () => {
    await createEndpoint(t.db, vendorId, receiver.url);
    // On Postgres the second worker has its own connection pool, as a second process would.
    const second: DbHandle | null = t.url ? await createDb({ databaseUrl: t.url, max: 5 }) : null;
    const a = worker({ listen: t.listen, concurrency: 8 });
    const b = createWebhookWorker({
      db: second?.db ?? t.db,
      secrets,
      allowPrivateUrls: true,
      concurrency: 8,
      listen: (second ?? t).listen,
    });
    await a.start();
    await b.start();
    const total = 120;
    try {
      for (let batch = 0; batch < total / 20; batch++) {
        await t.db.transaction(async (tx) => {
          for (let i = 0; i < 20; i++) {
            const n = batch * 20 + i;
            const licenseId = `lic_pair_${n % 10}`;
            await recordEvent(tx, {
              vendorId,
              type: "license.renewed",
              subjectType: "license",
              subjectId: licenseId,
              licenseId,
              data: { license_id: licenseId, seq: n },
            });
          }
        });
      }
      await waitFor(() => receiver.received.length >= total, `${total} deliveries`);
    } finally {
      await a.stop();
      await b.stop();
      await second?.close();
    }
    const ids = receiver.received.map((r) => r.headers["webhook-id"]);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    const byLicense = new Map<string, number[]>();
    for (const r of receiver.received) {
      const { data } = JSON.parse(r.body) as { data: { license_id: string; seq: number } };
      byLicense.set(data.license_id, [...(byLicense.get(data.license_id) ?? []), data.seq]);
    }
    for (const seqs of byLicense.values()) expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  });

  it("a worker that dies mid-delivery leaves the row to another worker once its lease runs out", async () => {
    const clock = fakeClock();
    await createEndpoint(t.db, vendorId, receiver.url);
    await licenseEvent("lic_lease", 1, clock.now());
    // The first worker takes the row and dies before settling it.
    const [taken] = await claimDueDeliveries(t.db, { now: clock.now(), limit: 10, leaseMs: 60_000 });
    expect(taken).toBeDefined();

    const w = worker({ now: clock.now });
    clock.advance(30_000);
    expect(await w.drain()).toBe(0);
    clock.advance(31_000);
    expect(await w.drain()).toBe(1);
    await w.stop();
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([taken?.id]);
    const delivery = await getWebhookDelivery(t.db, { vendorId, id: taken?.id ?? "" });
    expect(delivery.status).toBe("succeeded");
    expect(delivery.attempts).toBe(2);
  });

  it("a stuck worker's late answer does not overwrite the row another worker settled after the lease", async () => {
    let held: ServerResponse | null = null;
    receiver.respond = (_req, res) => {
      if (!held) held = res;
      else res.writeHead(200).end("second");
    };
    await createEndpoint(t.db, vendorId, receiver.url);
    await licenseEvent("lic_stuck", 1);
    const stuck = worker({ leaseMs: 1_000, timeoutMs: 30_000 });
    const stuckRun = stuck.runOnce();
    await waitFor(() => held !== null, "the first attempt to arrive");
    // Another worker, its clock past the stuck one's lease, takes the row and delivers it.
    const other = worker({ now: () => new Date(Date.now() + 5_000) });
    expect(await other.drain()).toBe(1);
    const answer = held as ServerResponse | null;
    answer?.writeHead(200).end("late");
    await stuckRun;
    await stuck.stop();
    await other.stop();
    const ids = receiver.received.map((r) => r.headers["webhook-id"]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(1);
    const delivery = await getWebhookDelivery(t.db, { vendorId, id: ids[0] ?? "" });
    expect(delivery.status).toBe("succeeded");
    expect(delivery.attemptLog.map((a) => a.responseSnippet).sort()).toEqual(["late", "second"]);
  });

  it("retries non-2xx answers over about three days, then fails the delivery and flags the endpoint", async () => {
    const clock = fakeClock();
    receiver.respond = (_req, res) => res.writeHead(500, { "content-type": "text/plain" }).end("boom");
    const endpoint = await createEndpoint(t.db, vendorId, receiver.url);
    await licenseEvent("lic_fail", 1, clock.now());
    const w = worker({ now: clock.now });
    const started = clock.now().getTime();
    const [queued] = (await listWebhookDeliveries(t.db, { vendorId, endpointId: endpoint.id, limit: 5 }))
      .items;
    const id = queued?.id ?? "";
    // Jump the clock to each scheduled retry instead of waiting for it.
    for (let i = 0; i <= MAX_DELIVERY_ATTEMPTS; i++) {
      await w.drain();
      const { status, nextAttemptAt } = await getWebhookDelivery(t.db, { vendorId, id });
      if (status !== "pending" || !nextAttemptAt) break;
      clock.set(new Date(nextAttemptAt));
    }
    clock.advance(7 * 86_400_000);
    expect(await w.drain()).toBe(0);
    const delivery = await getWebhookDelivery(t.db, { vendorId, id });
    expect(delivery.status).toBe("failed");
    expect(delivery.attemptLog).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    expect(receiver.received).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    for (const a of delivery.attemptLog) {
      expect(a.statusCode).toBe(500);
      expect(a.responseSnippet).toBe("boom");
      expect(a.durationMs).toBeGreaterThanOrEqual(0);
    }
    const lastAttemptAt = Date.parse(delivery.attemptLog.at(-1)?.createdAt ?? "");
    const days = (lastAttemptAt - started) / 86_400_000;
    expect(days).toBeGreaterThan(2);
    expect(days).toBeLessThan(3.5);
    const flagged = await getWebhookEndpoint(t.db, { vendorId, id: endpoint.id });
    expect(flagged.flaggedAt).not.toBeNull();
    expect(flagged.consecutiveFailures).toBe(MAX_DELIVERY_ATTEMPTS);

    // Fixed receiver + replay: delivered with the same webhook-id, and the flag clears.
    receiver.respond = (_req, res) => res.writeHead(204).end();
    const replayed = await replayWebhookDelivery(t.db, { vendorId, id, now: clock.now() });
    expect(replayed.status).toBe("pending");
    expect(await w.drain()).toBe(1);
    await w.stop();
    expect(receiver.received.at(-1)?.headers["webhook-id"]).toBe(id);
    expect((await getWebhookDelivery(t.db, { vendorId, id })).status).toBe("succeeded");
    const cleared = await getWebhookEndpoint(t.db, { vendorId, id: endpoint.id });
    expect(cleared.flaggedAt).toBeNull();
    expect(cleared.consecutiveFailures).toBe(0);
  });

  it("does not follow redirects, reads at most 4 KB of an answer, and gives up on a silent receiver", async () => {
    const elsewhere = await startReceiver();
    const silent = await startReceiver();
    silent.respond = () => {};
    try {
      const clock = fakeClock();
      receiver.respond = (req, res) => {
        const { data } = JSON.parse(req.body) as { data: { seq: number } };
        if (data.seq === 1) res.writeHead(302, { location: elsewhere.url }).end();
        else res.writeHead(200, { "content-type": "text/plain" }).end("x".repeat(100_000));
      };
      const endpoint = await createEndpoint(t.db, vendorId, receiver.url);
      await licenseEvent("lic_redirect", 1, clock.now());
      await licenseEvent("lic_big", 2, clock.now());
      const w = worker({ now: clock.now, timeoutMs: 300 });
      await w.drain();
      const { items } = await listWebhookDeliveries(t.db, { vendorId, endpointId: endpoint.id, limit: 5 });
      const redirected = items.find((d) => d.subjectId === "lic_redirect");
      expect(redirected?.status).toBe("pending");
      expect(redirected?.attemptLog[0]?.statusCode).toBe(302);
      expect(elsewhere.received).toHaveLength(0);
      const big = items.find((d) => d.subjectId === "lic_big");
      expect(big?.status).toBe("succeeded");
      expect(big?.attemptLog[0]?.responseSnippet?.length).toBe(4096);

      await t.db
        .update(webhookEndpoints)
        .set({ url: silent.url })
        .where(eq(webhookEndpoints.id, endpoint.id));
      await licenseEvent("lic_silent", 3, clock.now());
      await w.drain();
      await w.stop();
      expect(silent.received).toHaveLength(1);
      const [timedOut] = (
        await listWebhookDeliveries(t.db, {
          vendorId,
          endpointId: endpoint.id,
          eventType: "license.renewed",
          limit: 1,
        })
      ).items;
      expect(timedOut?.subjectId).toBe("lic_silent");
      expect(timedOut?.status).toBe("pending");
      expect(timedOut?.attemptLog[0]?.error).toMatch(/timed out/);
    } finally {
      await elsewhere.close();
      await silent.close();
    }
  });

  it("biznoq format: a payment.succeeded event arrives as exactly the seed 000 body, signed", async () => {
    const endpoint = await createEndpoint(t.db, vendorId, receiver.url, { format: "biznoq" });
    await recordEvent(t.db, {
      vendorId,
      type: "payment.succeeded",
      subjectType: "payment",
      subjectId: "pay_1",
      licenseId: "lic_pay",
      data: { ...paymentData },
    });
    // Not a payment event: a biznoq endpoint is not sent it at all.
    await licenseEvent("lic_pay", 2);
    await recordEvent(t.db, {
      vendorId,
      type: "payment.failed",
      subjectType: "payment",
      subjectId: "pay_2",
      licenseId: "lic_pay",
      data: { ...paymentData, gateway_txn_id: null, reference: "TXN-2" },
    });
    const w = worker();
    expect(await w.drain()).toBe(2);
    await w.stop();
    const [succeeded, failed] = receiver.received;
    if (!succeeded || !failed) throw new Error("missing webhooks");
    const body = new Webhook(endpoint.secret).verify(succeeded.body, succeeded.headers);
    // Seed 000, "Example Webhook JSON Body", field for field.
    expect(body).toStrictEqual({
      status: "success",
      client_txn_id: "TXN-1716942000000-8452",
      txn_id: "UPI298452093845",
      amount: "2999.00",
      customer_mobile: "9460439200",
      udf1: "trading-analyzer",
      udf2: "B-12345678",
      udf3: "GA-X3R9-K9L2-M4P1",
    });
    expect(JSON.parse(failed.body)).toMatchObject({ status: "failure", client_txn_id: "TXN-2", txn_id: "" });
    const deliveries = await listWebhookDeliveries(t.db, { vendorId, endpointId: endpoint.id, limit: 10 });
    expect(deliveries.items.map((d) => d.eventType).sort()).toEqual(["payment.failed", "payment.succeeded"]);
  });

  it("production policy: a delivery to a loopback address is refused and logged, not sent", async () => {
    const endpoint = await createEndpoint(t.db, vendorId, receiver.url);
    await licenseEvent("lic_ssrf", 1);
    const w = worker({ allowPrivateUrls: false });
    expect(await w.drain()).toBe(1);
    await w.stop();
    expect(receiver.received).toHaveLength(0);
    const [delivery] = (await listWebhookDeliveries(t.db, { vendorId, endpointId: endpoint.id, limit: 1 }))
      .items;
    expect(delivery?.status).toBe("pending");
    expect(delivery?.attemptLog[0]?.error).toMatch(/^refused: .*private, loopback/);
    const rows = await t.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(rows).toHaveLength(1);
  });

  it("one settle statement for a batch: rows keep their lease check, attempts are logged, counters replay in order", async () => {
    const endpoint = await createEndpoint(t.db, vendorId, receiver.url);
    const clock = fakeClock();
    let batches = 0;
    const claimBatch = async (n: number) => {
      // Licenses of their own: a retrying row holds back later events of its license.
      batches++;
      for (let i = 0; i < n; i++) await licenseEvent(`lic_batch_${batches}_${i}`, i, clock.now());
      const claimed = await claimDueDeliveries(t.db, { now: clock.now(), limit: n, leaseMs: 60_000 });
      expect(claimed).toHaveLength(n);
      return claimed.sort((a, b) => a.id.localeCompare(b.id));
    };
    const outcome = (
      c: Awaited<ReturnType<typeof claimBatch>>[number],
      ok: boolean,
      lease = c.lease,
    ): SettleItem => ({
      id: c.id,
      vendorId,
      lease,
      status: ok ? "succeeded" : "pending",
      attempt: c.attempt,
      statusCode: ok ? 200 : 500,
      durationMs: 3,
      snippet: ok ? "ok" : "boom",
      error: ok ? null : "HTTP 500",
      at: clock.now(),
      nextAttemptAt: ok ? null : new Date(clock.now().getTime() + 3_600_000),
    });
    const counters = async () => {
      const e = await getWebhookEndpoint(t.db, { vendorId, id: endpoint.id });
      return { failures: e.consecutiveFailures, flagged: e.flaggedAt !== null };
    };

    // fail, ok, fail, fail: two failures since the last success, flagged at two.
    let [a, b, c, d] = await claimBatch(4);
    if (!a || !b || !c || !d) throw new Error("claim");
    await settleDeliveries(
      t.db,
      [outcome(a, false), outcome(b, true), outcome(c, false), outcome(d, false)],
      2,
    );
    expect(await counters()).toEqual({ failures: 2, flagged: true });
    expect((await getWebhookDelivery(t.db, { vendorId, id: b.id })).status).toBe("succeeded");
    const retrying = await getWebhookDelivery(t.db, { vendorId, id: a.id });
    expect(retrying.status).toBe("pending");
    expect(retrying.attemptLog.map((x) => x.responseSnippet)).toEqual(["boom"]);

    // Failures only: added to the count, the flag kept. A row whose lease is gone is not
    // settled and does not count, but its attempt is logged.
    clock.advance(60_000);
    [a, b, c, d] = await claimBatch(2);
    if (!a || !b) throw new Error("claim");
    const flaggedAt = (await getWebhookEndpoint(t.db, { vendorId, id: endpoint.id })).flaggedAt;
    await settleDeliveries(t.db, [outcome(a, false), outcome(b, true, new Date(0))], 2);
    expect(await counters()).toEqual({ failures: 3, flagged: true });
    expect((await getWebhookEndpoint(t.db, { vendorId, id: endpoint.id })).flaggedAt).toEqual(flaggedAt);
    const leaseLost = await getWebhookDelivery(t.db, { vendorId, id: b.id });
    expect(leaseLost.status).toBe("pending");
    expect(leaseLost.attemptLog).toHaveLength(1);

    // A success last: cleared.
    clock.advance(60_000);
    [a] = await claimBatch(1);
    if (!a) throw new Error("claim");
    await settleDeliveries(t.db, [outcome(a, true)], 2);
    expect(await counters()).toEqual({ failures: 0, flagged: false });
  });
});

import type { ServerResponse } from "node:http";
import { createDb, type DbHandle } from "@keyway/db";
import { describe, expect, it } from "vitest";
import { recordEvent } from "../../src/events/record-event";
import { claimDueDeliveries } from "../../src/webhooks/claim-due-deliveries";
import { getWebhookDelivery, listWebhookDeliveries } from "../../src/webhooks/list-webhook-deliveries";
import { getWebhookEndpoint } from "../../src/webhooks/list-webhook-endpoints";
import { replayWebhookDelivery } from "../../src/webhooks/replay-webhook-delivery";
import { MAX_DELIVERY_ATTEMPTS } from "../../src/webhooks/retry-schedule";
import { createWebhookWorker } from "../../src/webhooks/worker";
import { createEndpoint, fakeClock, secrets, waitFor } from "./helpers";
import { freePort, startReceiver } from "./receiver";
import { useWorkerTestbed } from "./worker-testbed";

/** The delivery loop: order per license, concurrent workers, leases, retries over days. */
const bed = useWorkerTestbed();

describe(`the webhook worker (${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("receiver down then up: every event arrives exactly once, in order per license", async () => {
    const { licenseEvent, t, vendorId, worker } = bed;
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
    const { receiver, t, vendorId, worker } = bed;
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
    const { licenseEvent, receiver, t, vendorId, worker } = bed;
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
    const { licenseEvent, receiver, t, vendorId, worker } = bed;
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
    const { licenseEvent, receiver, t, vendorId, worker } = bed;
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
});

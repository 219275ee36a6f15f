import { randomBytes } from "node:crypto";
import {
  and,
  createDb,
  type DbHandle,
  eq,
  events,
  inArray,
  licenses,
  ne,
  orders,
  webhookDeliveries,
} from "@keyway/db";
import { DEMO } from "@keyway/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HoldingReceiver, startHoldingReceiver } from "./cluster/holding-receiver";
import { type KeywayProcess, localPortsOf, scratchDatabase, startProcess } from "./cluster/processes";
import { waitFor } from "./webhook-receiver";

/**
 * Crash safety: two API processes take orders and sandbox payments, two workers deliver the
 * `payment.succeeded` webhooks; one API process and one worker are killed with SIGKILL in the
 * middle of it and started again. Every payment a client was told succeeded is paid, and every
 * event reaches the receiver exactly once. Like cluster.test.ts, runs where TEST_DATABASE_URL
 * and TEST_REDIS_URL are set.
 */
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? "";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "";
const CLIENTS = 8;

let apis: KeywayProcess[] = [];
let workers: KeywayProcess[] = [];
let receiver: HoldingReceiver;
let drop: (() => Promise<void>) | null = null;
let handle: DbHandle | null = null;

beforeAll(async () => {
  if (!DATABASE_URL || !REDIS_URL) return;
  const scratch = await scratchDatabase(DATABASE_URL);
  drop = scratch.drop;
  const env = {
    NODE_ENV: "development",
    DATABASE_URL: scratch.url,
    REDIS_URL,
    REDIS_PREFIX: `keyway-crash-${randomBytes(4).toString("hex")}:`,
    SEED_DEMO: "true",
    WORKER: "false",
    RATE_LIMIT: "off",
    LOG_LEVEL: "warn",
    // A killed worker's rows are taken again when their lease (2 × this + 30 s) runs out.
    WEBHOOK_TIMEOUT_MS: "1000",
  };
  apis = [await startProcess("api-1", "src/main.ts", env)];
  apis.push(await startProcess("api-2", "src/main.ts", env));
  workers = await Promise.all([
    startProcess("worker-1", "src/worker.ts", env),
    startProcess("worker-2", "src/worker.ts", env),
  ]);
  receiver = await startHoldingReceiver();
  handle = await createDb({ databaseUrl: scratch.url, max: 2 });
}, 240_000);

afterAll(async () => {
  await Promise.all([...apis, ...workers].map((p) => p.stop()));
  await receiver?.close();
  await handle?.close();
  await drop?.();
}, 60_000);

const api = (i: number) => apis[i % apis.length] as KeywayProcess;

/** Buys add-on 1 through Biznoq at one process and pays it at the other; the order's token when told "paid". */
async function buyAndPay(i: number): Promise<string | null> {
  const bought = await fetch(`${api(i).url}/api/purchase`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-api-key": DEMO.biznoq.key,
      "x-api-secret": DEMO.biznoq.secret,
    },
    body: JSON.stringify({
      addonId: 1,
      serialNo: `B-${10_000_000 + Math.floor(Math.random() * 89_999_999)}`,
      buyerPhone: "9460439200",
    }),
  });
  if (bought.status !== 200) return null;
  const { paymentUrl } = (await bought.json()) as { paymentUrl: string };
  const token = paymentUrl.split("/pay/")[1] ?? "";
  const paid = await fetch(`${api(i + 1).url}/pay/${token}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "action=pay",
    redirect: "manual",
  });
  await paid.arrayBuffer();
  return paid.status === 303 ? token : null;
}

describe.runIf(Boolean(DATABASE_URL && REDIS_URL))(
  "an API process and a worker killed with SIGKILL",
  { timeout: 240_000 },
  () => {
    it("mid-load: no accepted payment lost, no delivery lost or doubled after restart", async () => {
      const db = handle?.db;
      if (!db) throw new Error("no database");
      const endpoint = await fetch(`${api(0).url}/api/v1/webhook-endpoints`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${DEMO.biznoq.secret}` },
        body: JSON.stringify({ url: receiver.url, events: ["payment.succeeded"] }),
      });
      expect(endpoint.status).toBe(200);

      const accepted: string[] = [];
      let running = true;
      const client = async (c: number) => {
        for (let i = c; running; i++) {
          const token = await buyAndPay(i).catch(async () => {
            // The process died under this request (or is starting again): no answer, nothing promised.
            await new Promise((r) => setTimeout(r, 50));
            return null;
          });
          if (token) accepted.push(token);
        }
      };
      const load = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
      await waitFor(
        () => accepted.length >= 100 && receiver.acceptedEvents.length >= 50,
        "payments and deliveries under way",
        60_000,
      );

      // Hold the receiver: once everything it accepted is recorded, a kill leaves nothing half-done
      // (see holding-receiver.ts). Orders and payments keep coming meanwhile.
      receiver.hold();
      const unsettled = async () =>
        (
          await db
            .select({ id: webhookDeliveries.id })
            .from(webhookDeliveries)
            .where(
              and(
                inArray(webhookDeliveries.id, [...receiver.acceptedDeliveries]),
                ne(webhookDeliveries.status, "succeeded"),
              ),
            )
        ).length;
      // The worker killed is one with a delivery in flight (held here), so its leases are cut off.
      const sending = (w: KeywayProcess) => {
        const ports = localPortsOf(w.child.pid ?? 0);
        return receiver.heldPorts().some((port) => ports.has(port));
      };
      let victim = -1;
      await waitFor(
        async () => {
          victim = workers.findIndex(sending);
          return victim >= 0 && (await unsettled()) === 0;
        },
        "accepted deliveries recorded, a worker's next ones waiting",
        30_000,
      );
      const apiVictim = apis[1] as KeywayProcess;
      const workerVictim = workers[victim] as KeywayProcess;
      await Promise.all([apiVictim.kill(), workerVictim.kill()]);
      expect([apiVictim.child.signalCode, workerVictim.child.signalCode]).toEqual(["SIGKILL", "SIGKILL"]);
      receiver.release(503);

      const [apiAgain, workerAgain] = await Promise.all([apiVictim.restart(), workerVictim.restart()]);
      apis[1] = apiAgain;
      workers[victim] = workerAgain;
      const sinceRestart = accepted.length;
      await waitFor(() => accepted.length >= sinceRestart + 100, "payments after the restart", 60_000);
      running = false;
      await load;

      // Waiting for work: the killed worker's leases run out, then everything is delivered.
      const pending = async () =>
        (
          await db
            .select({ id: webhookDeliveries.id })
            .from(webhookDeliveries)
            .where(eq(webhookDeliveries.status, "pending"))
        ).length;
      await waitFor(async () => (await pending()) === 0, "the outbox to drain", 150_000);

      // Every payment a client was told succeeded is paid, and its license is active.
      const paid = await db
        .select({ id: orders.id, status: orders.status, license: licenses.status })
        .from(orders)
        .innerJoin(licenses, eq(licenses.id, orders.licenseId))
        .where(inArray(orders.token, accepted));
      expect(paid).toHaveLength(accepted.length);
      expect(paid.every((o) => o.status === "paid" && o.license === "active")).toBe(true);

      // Every payment.succeeded event (those of accepted payments among them) arrived exactly once.
      const written = await db
        .select({ id: events.id, orderId: events.subjectId })
        .from(events)
        .where(eq(events.type, "payment.succeeded"));
      const announced = new Set(written.map((e) => e.orderId));
      expect(paid.filter((o) => !announced.has(o.id))).toEqual([]);
      const counts = new Map<string, number>();
      for (const id of receiver.acceptedEvents) counts.set(id, (counts.get(id) ?? 0) + 1);
      expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
      expect(new Set(counts.keys())).toEqual(new Set(written.map((e) => e.id)));
      process.stdout.write(
        `crash: ${accepted.length} payments accepted, all paid; ${written.length} payment.succeeded events, each received once\n`,
      );
    });
  },
);

import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { and, createDb, eq, events, inArray } from "@keyway/db";
import { DEMO } from "@keyway/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KeywayProcess, scratchDatabase, startProcess } from "./cluster/processes";
import { startWebhookReceiver, type WebhookReceiver, waitFor } from "./webhook-receiver";

/**
 * Many processes behave as one: three API processes and two workers, each its own Node process,
 * on one Postgres (a scratch database of the test's) and one Redis, driven from here over HTTP.
 * Needs both: runs where TEST_DATABASE_URL and TEST_REDIS_URL are set (CI's second pass).
 */
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? "";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "";
const PER_KEY = 400;

const bearer = { authorization: `Bearer ${DEMO.biznoq.secret}` };
let apis: KeywayProcess[] = [];
let workers: KeywayProcess[] = [];
let receiver: WebhookReceiver;
let drop: (() => Promise<void>) | null = null;
let scratchUrl = "";
let env: Record<string, string> = {};

async function call(
  api: KeywayProcess,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = bearer,
) {
  const res = await fetch(`${api.url}/api/v1${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const on = (i: number) => apis[i % apis.length] as KeywayProcess;

async function newLicense(maxSeats = 1, expiresAt?: string): Promise<{ id: string; key: string }> {
  const products = await call(on(0), "GET", "/products");
  const list = products.body as unknown as { id: string; slug: string }[];
  const product = list.find((p) => p.slug === "example-product");
  const created = await call(on(0), "POST", "/licenses", { productId: product?.id, maxSeats, expiresAt });
  expect(created.status).toBe(200);
  return created.body as unknown as { id: string; key: string };
}

beforeAll(async () => {
  if (!DATABASE_URL || !REDIS_URL) return;
  const scratch = await scratchDatabase(DATABASE_URL);
  drop = scratch.drop;
  scratchUrl = scratch.url;
  env = {
    NODE_ENV: "development",
    DATABASE_URL: scratch.url,
    REDIS_URL,
    REDIS_PREFIX: `keyway-cluster-${randomBytes(4).toString("hex")}:`,
    SEED_DEMO: "true",
    WORKER: "false",
    RATE_LIMIT: "on",
    RATE_LIMIT_MAX: "1000000",
    RATE_LIMIT_PER_KEY: String(PER_KEY),
    LOG_LEVEL: "warn",
    // The workers' schedulers look for due work every second.
    SCHEDULER_INTERVAL_MS: "1000",
  };
  // The first migrates and seeds; the others find the database ready.
  apis = [await startProcess("api-1", "src/main.ts", env)];
  apis.push(
    ...(await Promise.all([
      startProcess("api-2", "src/main.ts", env),
      startProcess("api-3", "src/main.ts", env),
    ])),
  );
  workers = await Promise.all([
    startProcess("worker-1", "src/worker.ts", env),
    startProcess("worker-2", "src/worker.ts", env),
  ]);
  receiver = await startWebhookReceiver();
}, 240_000);

afterAll(async () => {
  await Promise.all([...apis, ...workers].map((p) => p.stop()));
  await receiver?.close();
  await drop?.();
}, 60_000);

describe.runIf(Boolean(DATABASE_URL && REDIS_URL))(
  "three API processes and two workers",
  { timeout: 180_000 },
  () => {
    it("a license revoked through process 1 is refused by processes 2 and 3 within 1 s", async () => {
      const license = await newLicense();
      for (const api of apis)
        expect((await call(api, "POST", "/licenses/validate", { key: license.key }, {})).status).toBe(200);
      expect((await call(on(0), "POST", `/licenses/${license.id}/revoke`)).status).toBe(200);
      const refusedBy = async (api: KeywayProcess) =>
        (await call(api, "POST", "/licenses/validate", { key: license.key }, {})).status === 403;
      await waitFor(
        async () => (await refusedBy(on(1))) && (await refusedBy(on(2))),
        "processes 2 and 3 to refuse",
        1_000,
      );
    });

    it("300 concurrent activations spread over the three on a 5-seat license → exactly 5", async () => {
      const license = await newLicense(5);
      const answers = await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          call(
            on(i),
            "POST",
            "/licenses/activate",
            { key: license.key, domain: `site-${i}.example.com` },
            {},
          ),
        ),
      );
      expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
      expect(answers.filter((a) => a.status !== 200).every((a) => a.status === 409)).toBe(true);
    });

    it("shares the per-key verification budget: the 200s over all three stay within one budget", async () => {
      const license = await newLicense();
      const answers = await Promise.all(
        Array.from({ length: PER_KEY + 100 }, (_, i) =>
          call(on(i), "POST", "/licenses/validate", { key: license.key }, {}),
        ),
      );
      expect(answers.filter((a) => a.status === 200)).toHaveLength(PER_KEY);
      expect(answers.filter((a) => a.status === 429)).toHaveLength(100);
    });

    it("2,000 webhook events: each received exactly once, in per-license order, with two workers running", async () => {
      const endpoint = await call(on(0), "POST", "/webhook-endpoints", {
        url: receiver.url,
        events: ["license.suspended", "license.reinstated"],
      });
      expect(endpoint.status).toBe(200);
      const licenses = await Promise.all(Array.from({ length: 20 }, () => newLicense()));
      // Each license in turn suspended and reinstated 50 times, through all three processes.
      await Promise.all(
        licenses.map(async (license, l) => {
          for (let i = 0; i < 100; i++) {
            const action = i % 2 === 0 ? "suspend" : "reinstate";
            const answer = await call(on(l + i), "POST", `/licenses/${license.id}/${action}`);
            expect(answer.status).toBe(200);
          }
        }),
      );
      await waitFor(() => receiver.received.length >= 2_000, "2,000 deliveries", 120_000);
      const events = receiver.received.map(
        (r) => JSON.parse(r.body) as { id: string; type: string; data: { id?: string; license_id?: string } },
      );
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      expect(events).toHaveLength(2_000);
      for (const license of licenses) {
        const types = events
          .filter((e) => (e.data.id ?? e.data.license_id) === license.id)
          .map((e) => e.type);
        expect(types).toHaveLength(100);
        expect(types.every((t, i) => t === (i % 2 === 0 ? "license.suspended" : "license.reinstated"))).toBe(
          true,
        );
      }
    });

    it("every due reminder fires once, with two workers' schedulers running", async () => {
      const reminders = await startWebhookReceiver("/reminders");
      try {
        const endpoint = await call(on(1), "POST", "/webhook-endpoints", {
          url: reminders.url,
          events: ["license.expiring_soon"],
        });
        expect(endpoint.status).toBe(200);
        // Three days left: the vendor's 7-day reminder is due at once.
        const inThreeDays = new Date(Date.now() + 3 * 86_400_000).toISOString();
        const licenses = await Promise.all(Array.from({ length: 50 }, () => newLicense(1, inThreeDays)));
        const ids = new Set(licenses.map((l) => l.id));
        const ours = () =>
          reminders.received
            .map((r) => JSON.parse(r.body) as { id: string; data: { license_id?: string } })
            .filter((e) => ids.has(e.data.license_id ?? ""));
        await waitFor(() => ours().length >= 50, "50 reminders", 60_000);
        const db = await createDb({ databaseUrl: scratchUrl, max: 1 });
        try {
          const written = await db.db
            .select({ licenseId: events.licenseId })
            .from(events)
            .where(and(eq(events.type, "license.expiring_soon"), inArray(events.licenseId, [...ids])));
          expect(written).toHaveLength(50);
          expect(new Set(written.map((e) => e.licenseId)).size).toBe(50);
        } finally {
          await db.close();
        }
        expect(new Set(ours().map((e) => e.id)).size).toBe(ours().length);
        expect(new Set(ours().map((e) => e.data.license_id)).size).toBe(50);
      } finally {
        await reminders.close();
      }
    });

    it("WEB_CONCURRENCY=2: one command runs two API processes on one port, and SIGTERM stops both", async () => {
      const primary = await startProcess("api-cluster", "src/main.ts", { ...env, WEB_CONCURRENCY: "2" });
      try {
        const children = () =>
          execFileSync("ps", ["--no-headers", "--ppid", String(primary.child.pid), "-o", "pid"], {
            encoding: "utf8",
          })
            .split("\n")
            .filter((line) => line.trim() !== "");
        await waitFor(() => children().length === 2, "two API processes", 30_000);
        expect(
          (await call(primary, "POST", "/licenses/validate", { key: DEMO.licenses.active }, {})).status,
        ).toBe(200);
      } finally {
        await primary.stop();
      }
      expect(primary.child.exitCode).toBe(0);
    });
  },
);

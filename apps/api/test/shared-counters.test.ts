import { randomBytes } from "node:crypto";
import { DEMO } from "@keyway/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeps } from "../src/deps";
import { loadConfig } from "../src/env";
import { SharedCounters } from "../src/rate-limit/shared-counters";
import { sharedSignInLimiter } from "../src/rate-limit/sign-in-limits";
import type { RunningServer } from "../src/server";
import { startSecondServer, startTestServer, type TestServer } from "../src/testing";

/**
 * With REDIS_URL, the public rate limits and the sign-in limiter count in Redis, so several API
 * processes spend one budget. The live-Redis cases run where TEST_REDIS_URL names one (CI's
 * second pass, beside TEST_DATABASE_URL: the local Redis on 127.0.0.1:6379); the outage cases
 * need no Redis and always run. Each case writes under its own REDIS_PREFIX, so runs and passes
 * never share a count.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? "";
const withRedis = Boolean(REDIS_URL);
/** Nothing listens here: Redis "down". */
const DEAD_REDIS_URL = "redis://127.0.0.1:1";
const prefix = () => `keyway-test-${randomBytes(4).toString("hex")}:`;
const quiet = { warn: () => {}, info: () => {} };

function validate(url: string, key: string) {
  return fetch(`${url}/api/v1/licenses/validate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key }),
  });
}

describe.runIf(withRedis)("two API processes on one Redis", () => {
  let first: TestServer;
  let second: RunningServer;
  const env = {
    RATE_LIMIT: "on",
    RATE_LIMIT_PER_KEY: "5",
    RATE_LIMIT_MAX: "1000",
    REDIS_URL,
    REDIS_PREFIX: prefix(),
  };

  beforeAll(async () => {
    first = await startTestServer(env);
    second = await startSecondServer(first, env);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it("spend one per-key budget: 20 verifications spread over both → exactly 5 answered", async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        validate(i % 2 === 0 ? first.url : second.url, DEMO.licenses.active),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    const limited = answers.find((a) => a.status === 429);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("a process alone (no REDIS_URL) keeps its own count, as the embedded default does", async () => {
    const alone = await startSecondServer(first, { RATE_LIMIT: "on", RATE_LIMIT_PER_KEY: "5" });
    try {
      // The shared budget of this key is spent; this process never saw it.
      expect((await validate(alone.url, DEMO.licenses.active)).status).toBe(200);
    } finally {
      await alone.close();
    }
  });
});

describe.runIf(withRedis)("the per-address limit on two processes", () => {
  let first: TestServer;
  let second: RunningServer;
  const env = {
    RATE_LIMIT: "on",
    RATE_LIMIT_PER_KEY: "1000",
    RATE_LIMIT_MAX: "6",
    REDIS_URL,
    REDIS_PREFIX: prefix(),
  };

  beforeAll(async () => {
    first = await startTestServer(env);
    second = await startSecondServer(first, env);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it("is one budget: 12 verifications of different keys from one address over both → 6 answered", async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        validate(i % 2 === 0 ? first.url : second.url, `NOSUCHKEY${1000 + i}`),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 404)).toHaveLength(6);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
  });
});

describe("Redis unreachable", () => {
  let server: TestServer;
  const warnings: string[] = [];
  const originalWarn = console.warn;

  beforeAll(async () => {
    console.warn = (...args: unknown[]) => {
      warnings.push(args.join(" "));
    };
    server = await startTestServer({
      RATE_LIMIT: "on",
      RATE_LIMIT_PER_KEY: "2",
      REDIS_URL: DEAD_REDIS_URL,
      REDIS_PREFIX: prefix(),
    });
  });
  afterAll(async () => {
    console.warn = originalWarn;
    await server?.close();
  });

  it("only the API keeps counters: a worker (no requests to limit) opens no Redis connection", async () => {
    const config = loadConfig({ REDIS_URL: DEAD_REDIS_URL, REDIS_PREFIX: prefix() });
    expect(createDeps(server.deps.dbHandle, config, { limits: false }).counters).toBeNull();
    expect(server.deps.counters).toBeInstanceOf(SharedCounters);
  });

  it("verification fails open: every check is answered, none refused for a missing counter", async () => {
    for (let i = 0; i < 5; i++) expect((await validate(server.url, DEMO.licenses.active)).status).toBe(200);
    const outage = warnings.filter((w) => w.includes("shared counters (Redis) unreachable"));
    expect(outage).toHaveLength(1);
    expect(outage[0]).toContain("sign-ins are refused until it is back");
  });

  it("sign-in fails closed, saying why", async () => {
    const counters = new SharedCounters(DEAD_REDIS_URL, prefix(), quiet);
    try {
      expect(await counters.ready(300)).toBe(false);
      const limiter = sharedSignInLimiter(counters);
      await expect(limiter.check(["email:owner@example.com", "ip:203.0.113.9"])).rejects.toMatchObject({
        code: "rate_limited",
        message: expect.stringContaining("Sign-in is paused for a moment"),
      });
    } finally {
      await counters.close();
    }
  });
});

describe.runIf(withRedis)("the sign-in limiter in Redis", () => {
  it("counts failures for every process: two limiters on one Redis lock the account together", async () => {
    const shared = prefix();
    const a = new SharedCounters(REDIS_URL, shared, quiet);
    const b = new SharedCounters(REDIS_URL, shared, quiet);
    try {
      expect(await a.ready()).toBe(true);
      expect(await b.ready()).toBe(true);
      const one = sharedSignInLimiter(a, { max: 3 });
      const two = sharedSignInLimiter(b, { max: 3 });
      const keys = ["email:owner@limits.test", "ip:203.0.113.9"];
      await one.fail(keys);
      await two.fail(keys);
      await one.check(keys);
      await two.fail(keys);
      await expect(one.check(keys)).rejects.toMatchObject({ code: "rate_limited" });
      // The address has five times an account's allowance: another account from it still may try.
      await one.check(["email:colleague@limits.test", "ip:203.0.113.9"]);
      // A successful sign-in clears the account's count everywhere.
      await two.reset(["email:owner@limits.test"]);
      await one.check(["email:owner@limits.test"]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

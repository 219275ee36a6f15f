import { DEMO, seedDemo } from "@keyway/db/seed";
import { createTestDb, type TestDb } from "@keyway/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/env";
import { startServer } from "../src/server";
import { startTestServer, type TestServer } from "../src/testing";
import { trpc } from "./console-helpers";

const PRODUCTION = {
  NODE_ENV: "production",
  SECRET_KEY: "5f1c0e9a7b3d2c4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e",
  PORT: "0",
  LOG_LEVEL: "silent",
  WORKER: "false",
  VERIFY_CACHE: "false",
};

describe("demo data in production", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it("is not seeded by default in production, even on the embedded database", () => {
    expect(loadConfig({ NODE_ENV: "production", SECRET_KEY: PRODUCTION.SECRET_KEY }).seedDemo).toBe(false);
    expect(loadConfig({}).seedDemo).toBe(true);
    expect(
      loadConfig({ NODE_ENV: "production", SECRET_KEY: PRODUCTION.SECRET_KEY, SEED_DEMO: "true" }).seedDemo,
    ).toBe(true);
  });

  it("a production server without demo data starts, and the public demo credentials open nothing", async () => {
    const server = await startServer(loadConfig(PRODUCTION), { dbHandle: db });
    try {
      const res = await fetch(`${server.url}/api/purchase/status/${DEMO.licenses.active}`, {
        headers: { "x-api-key": DEMO.biznoq.key, "x-api-secret": DEMO.biznoq.secret },
      });
      expect(res.status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it("refuses to start with the demo vendor present unless SEED_DEMO=true, in one line", async () => {
    await seedDemo(db.db);
    const refused = await startServer(loadConfig(PRODUCTION), { dbHandle: db }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as Error).message).toMatch(/demo vendor.*SEED_DEMO=true/);
    expect((refused as Error).message).not.toContain("\n");

    const onPurpose = await startServer(loadConfig({ ...PRODUCTION, SEED_DEMO: "true" }), { dbHandle: db });
    const res = await fetch(`${onPurpose.url}/api/purchase/status/${DEMO.licenses.active}`, {
      headers: { "x-api-key": DEMO.biznoq.key, "x-api-secret": DEMO.biznoq.secret },
    });
    expect(res.status).toBe(200);
    await onPurpose.close();
  });
});

describe("SECRET_KEY in production", () => {
  it("refuses a key printed in public files", () => {
    for (const key of [
      "keyway-development-secret-key-not-for-production",
      "change-me-to-a-long-random-string",
    ])
      expect(() => loadConfig({ NODE_ENV: "production", SECRET_KEY: key })).toThrow(/SECRET_KEY.*public/);
    expect(loadConfig({ NODE_ENV: "production", SECRET_KEY: PRODUCTION.SECRET_KEY }).secretKey).toBe(
      PRODUCTION.SECRET_KEY,
    );
  });
});

describe("STRIPE_API_URL in production", () => {
  it("refuses a Stripe address over plain HTTP (the secret key would travel in clear), in one line", () => {
    const production = { NODE_ENV: "production", SECRET_KEY: PRODUCTION.SECRET_KEY };
    expect(() => loadConfig({ ...production, STRIPE_API_URL: "http://127.0.0.1:12111" })).toThrow(
      "Invalid STRIPE_API_URL: must be https when NODE_ENV=production",
    );
    expect(loadConfig({ ...production }).STRIPE_API_URL).toBe("https://api.stripe.com");
    // Development may point it at a local fake.
    expect(loadConfig({ STRIPE_API_URL: "http://127.0.0.1:12111" }).STRIPE_API_URL).toBe(
      "http://127.0.0.1:12111",
    );
  });
});

describe("TRUST_PROXY", () => {
  it("is off by default; takes a hop count or proxy addresses; refuses trusting every hop", () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "off" }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.0/8, 127.0.0.1,loopback,::1" }).TRUST_PROXY).toEqual([
      "10.0.0.0/8",
      "127.0.0.1",
      "loopback",
      "::1",
    ]);
    expect(() => loadConfig({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY.*spoof/);
    expect(() => loadConfig({ TRUST_PROXY: "10.0.0.0/33" })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: "proxy.example.com" })).toThrow(/TRUST_PROXY/);
  });

  const verify = (server: TestServer, forwardedFor?: string) =>
    fetch(`${server.url}/api/verify-license.php`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}),
      },
      // A different key each time: only the per-IP limit can answer 429.
      body: new URLSearchParams({
        software_id: "1",
        license_key: `NOSUCHKEY${Math.random().toString().slice(2, 9)}`,
        domain: "example.com",
      }),
    });

  it("by default, a spoofed X-Forwarded-For does not get a rate-limited client a new budget", async () => {
    const server = await startTestServer({ RATE_LIMIT: "on", RATE_LIMIT_MAX: "2" });
    try {
      expect((await verify(server)).status).toBe(404);
      expect((await verify(server)).status).toBe(404);
      expect((await verify(server)).status).toBe(429);
      expect((await verify(server, "203.0.113.10")).status).toBe(429);
      expect((await verify(server, "198.51.100.7, 203.0.113.11")).status).toBe(429);
    } finally {
      await server.close();
    }
  });

  it.each([
    ["addresses", "127.0.0.1,::1"],
    ["a hop count", "1"],
  ])(
    "honours X-Forwarded-For from a configured proxy (%s): the client it names gets its own budget",
    async (_, setting) => {
      const server = await startTestServer({ RATE_LIMIT: "on", RATE_LIMIT_MAX: "2", TRUST_PROXY: setting });
      try {
        for (let i = 0; i < 2; i++) expect((await verify(server, "203.0.113.10")).status).toBe(404);
        expect((await verify(server, "203.0.113.10")).status).toBe(429);
        // Another client behind the same proxy is served.
        expect((await verify(server, "203.0.113.20")).status).toBe(404);
        // A client cannot prepend its own hop: the proxy appended the real address last.
        expect((await verify(server, "198.51.100.1, 203.0.113.10")).status).toBe(429);
      } finally {
        await server.close();
      }
    },
  );

  it("the console's failed sign-in limit per address ignores a spoofed X-Forwarded-For", async () => {
    const server = await startTestServer({ ...PRODUCTION, RATE_LIMIT: "off", SEED_DEMO: "true" });
    try {
      // 50 failures an address (five times an account's 10), each from another "email" and "address".
      for (let i = 0; i < 50; i++) {
        const res = await trpc(
          server.url,
          "mutation",
          "account.signIn",
          { email: `nobody-${i}@vendor.test`, password: "wrong-password-guess" },
          { "x-forwarded-for": `203.0.113.${i + 1}` },
        );
        expect(res.status).toBe(401);
      }
      const limited = await trpc(
        server.url,
        "mutation",
        "account.signIn",
        { email: "someone-else@vendor.test", password: "wrong-password-guess" },
        { "x-forwarded-for": "198.51.100.99" },
      );
      expect(limited).toMatchObject({ ok: false, status: 429 });
    } finally {
      await server.close();
    }
  });
});

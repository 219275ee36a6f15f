import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/env";
import { startTestServer, type TestServer } from "../src/testing";

describe("configuration", () => {
  it.each([
    [{ DATABASE_URL: "not-a-url" }, "DATABASE_URL"],
    [{ DATABASE_URL: "mysql://x@y/z" }, "DATABASE_URL"],
    [{ PORT: "http" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ PUBLIC_URL: "ftp://x" }, "PUBLIC_URL"],
    [{ NODE_ENV: "production" }, "SECRET_KEY"],
    [{ SCHEDULER_INTERVAL_MS: "500" }, "SCHEDULER_INTERVAL_MS"],
    [{ TWILIO_ACCOUNT_SID: "AC123", TWILIO_AUTH_TOKEN: "token" }, "TWILIO_ACCOUNT_SID"],
  ])("refuses %j naming the variable", (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid ${name}`));
  });

  it("defaults to the embedded database on port 3000 with the demo seed", () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe("127.0.0.1");
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.publicUrl).toBe("http://localhost:3000");
    expect(config.seedDemo).toBe(true);
    expect(loadConfig({ DATABASE_URL: "postgres://u@h/db" }).seedDemo).toBe(false);
  });
});

describe("server", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("answers /healthz with the database kind and migration state", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { database: string; migrations: { upToDate: boolean } };
    expect(body.database).toBe(process.env.TEST_DATABASE_URL ? "postgres" : "pglite");
    expect(body.migrations.upToDate).toBe(true);
  });

  it("serves tRPC at /trpc and REST at /api/v1", async () => {
    const trpc = await fetch(`${server.url}/trpc/health.get`);
    expect(((await trpc.json()) as { result: { data: { status: string } } }).result.data.status).toBe("ok");
    const rest = await fetch(`${server.url}/api/v1/health`);
    expect(((await rest.json()) as { status: string }).status).toBe("ok");
  });

  it("publishes an OpenAPI 3.1 document and a docs page", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: object;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/health");
    const docs = await fetch(`${server.url}/docs`);
    expect(docs.headers.get("content-type")).toContain("text/html");
  });

  it("answers unknown API routes with a JSON 404, and client routes with the portal", async () => {
    for (const path of ["/api/no/such/route", "/trpc/no.such", "/api/v1/no-such"]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toMatch(/\bat .*\.ts:\d+/);
    }
    const page = await fetch(`${server.url}/demo/some/client/route`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
  });
});

describe("database outage", () => {
  it("answers /healthz with 503 when the database is unreachable", async () => {
    const server = await startTestServer();
    try {
      await server.testDb.close();
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(503);
    } finally {
      await server.app.close();
    }
  });
});

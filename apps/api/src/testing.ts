import { createDb } from "@keyway/db";
import { DEMO, seedDemo } from "@keyway/db/seed";
import { createTestDb, type TestDb } from "@keyway/db/testing";
import { recordWire } from "../test/wire/recorder";
import { type AppConfig, loadConfig } from "./env";
import { createGatewayAccounts } from "./gateways";
import { type RunningServer, startServer } from "./server";

/**
 * A second server on `first`'s database, as a second process would be: its own connection pool
 * on Postgres (its own NOTIFY listener), the same handle on PGlite. No demo seeding (the first
 * did), no worker. `close` also closes its pool.
 */
export async function startSecondServer(
  first: TestServer,
  env: Record<string, string> = {},
): Promise<RunningServer> {
  const handle = first.testDb.url ? await createDb({ databaseUrl: first.testDb.url, max: 4 }) : null;
  const server = await startServer(
    loadConfig({
      NODE_ENV: "test",
      PORT: "0",
      LOG_LEVEL: "silent",
      SEED_DEMO: "false",
      WORKER: "false",
      ...env,
    }),
    { dbHandle: handle ?? first.testDb },
  );
  return {
    ...server,
    async close() {
      await server.close();
      await handle?.close();
    },
  };
}

export interface TestServer extends RunningServer {
  testDb: TestDb;
  demoVendorId: string;
}

/**
 * A real server on a free loopback port over a fresh database (PGlite, or Postgres when
 * TEST_DATABASE_URL is set) holding the demo vendor. Every test file gets its own.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const testDb = await createTestDb();
  const { vendorId } = await seedDemo(testDb.db);
  const config: AppConfig = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    LOG_LEVEL: "silent",
    // The demo vendor is there on purpose (seeded above), in production mode too.
    SEED_DEMO: "true",
    WORKER: "false",
    ...env,
  });
  const server = await startServer(config, { dbHandle: testDb });
  // PUBLIC_URL follows the real port unless a test set it.
  if (!env.PUBLIC_URL) {
    server.deps.config.publicUrl = server.url;
    server.deps.orders.publicUrl = server.url;
    Object.assign(server.deps.accounts, createGatewayAccounts(server.deps.config, server.deps.secrets));
  }
  // Every answer checked against the served document; TEST_WIRE_CHECK=off for local debugging only.
  const wire = process.env.TEST_WIRE_CHECK === "off" ? null : await watchWire(server);
  return {
    ...server,
    testDb,
    demoVendorId: vendorId,
    async close() {
      wire?.stop();
      await server.close();
      await testDb.close();
      const report = wire?.report();
      if (report) throw new Error(report);
    },
  };
}

export const demoHeaders = {
  biznoq: { "x-api-key": DEMO.biznoq.key, "x-api-secret": DEMO.biznoq.secret },
  bearer: { authorization: `Bearer ${DEMO.biznoq.secret}` },
  jframework: { "Brand-URL": DEMO.jframework.brandUrl, "Auth-Key": DEMO.jframework.authKey },
} as const;

async function watchWire(server: RunningServer) {
  const answer = await server.app.inject({ method: "GET", url: "/openapi.json" });
  return recordWire(server.app.server, answer.json());
}

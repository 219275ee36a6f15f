import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import postgres from "postgres";
import { growLicenses } from "./dataset";
import { load } from "./load";
import { createScratchDatabase, purchaseRequest, withSql } from "./requests";
import { postgresCpuMs, startKeyway, waitPrimed } from "./servers";

/**
 * Order creation alone: `tsx src/orders.ts` runs Biznoq `POST /api/purchase` against the real
 * server (child process, as in `pnpm bench`) on a fresh database, and prints orders/s.
 *
 * ORDERS_SECONDS (10), ORDERS_RUNS (1), BENCH_CONNECTIONS (50), BENCH_CPU_PROF=<dir> (V8 profile),
 * ORDERS_LICENSES (0): bench licenses seeded first, as in `pnpm bench` (whose orders row runs on
 * its main catalog, 100,000); on a near-empty database Postgres plans for tiny tables.
 * ORDERS_TRACE=1: instead of load, run one server in this process on a counting postgres.js
 * client and print the SQL statements one order sends.
 */
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const seconds = Number(process.env.ORDERS_SECONDS ?? 10);
const runs = Number(process.env.ORDERS_RUNS ?? 1);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const licenses = Number(process.env.ORDERS_LICENSES ?? 0);

const scratch = await createScratchDatabase(adminUrl, "keyway_orders");
const databaseUrl = scratch.url;
const purchase = (name: string, url: string, secs: number) =>
  load({ name, url, ...purchaseRequest, connections, seconds: secs });

try {
  if (process.env.ORDERS_TRACE) await trace();
  else {
    let keyway = await startKeyway(databaseUrl, 3320);
    if (licenses > 0) {
      // The first start migrated and seeded the demo catalog; the server restarts on the grown one.
      await keyway.stop();
      await withSql(databaseUrl, (db) =>
        growLicenses((text, params) => db.unsafe(text, params as never[]), 1, licenses),
      );
      keyway = await startKeyway(databaseUrl, 3320);
      // Priming the verification cache is not part of an order's cost (the main bench waits too).
      await waitPrimed(keyway.url);
    }
    if (process.env.ORDERS_EXPERIMENT_SQL) {
      // An experiment on this throwaway database (e.g. disabling a trigger), after migration.
      const experiment = process.env.ORDERS_EXPERIMENT_SQL;
      await withSql(databaseUrl, (db) => db.unsafe(experiment));
    }
    try {
      await purchase("warm-up", keyway.url, 3);
      for (let i = 0; i < runs; i++) {
        const cpu0 = keyway.cpuMs();
        const pg0 = postgresCpuMs();
        const r = await purchase("order: Biznoq POST /api/purchase", keyway.url, seconds);
        const cpuPerOrder = (keyway.cpuMs() - cpu0) / Math.max(1, r.total);
        const pgPerOrder = (postgresCpuMs() - pg0) / Math.max(1, r.total);
        process.stdout.write(
          `orders/s ${r.requestsPerSec}  p50 ${r.p50} ms  p99 ${r.p99} ms  total ${r.total}  ` +
            `server CPU ${(cpuPerOrder * 1000).toFixed(0)} µs/order  ` +
            `Postgres CPU ${(pgPerOrder * 1000).toFixed(0)} µs/order (all its processes, other load included)\n`,
        );
      }
    } finally {
      await keyway.stop();
    }
  }
} finally {
  await scratch.drop();
}

async function trace() {
  // drizzle-orm is the db package's dependency: resolve it from there.
  const fromDb = createRequire(new URL("../../packages/db/package.json", import.meta.url));
  const { drizzle } = (await import(pathToFileURL(fromDb.resolve("drizzle-orm/postgres-js")).href)) as {
    drizzle: (config: { client: unknown; schema?: unknown }) => unknown;
  };
  const { migrate } = (await import(
    pathToFileURL(fromDb.resolve("drizzle-orm/postgres-js/migrator")).href
  )) as { migrate: (db: unknown, config: { migrationsFolder: string }) => Promise<void> };
  const { migrationsFolder } = await import("@keyway/db");
  const schema = await import("../../packages/db/src/schema/index");
  const { startServer } = await import("../../apps/api/src/server");
  const { loadConfig } = await import("../../apps/api/src/env");
  let log: string[] | null = null;
  const sql = postgres(databaseUrl, {
    max: 10,
    onnotice: () => {},
    debug: (_conn, query) => {
      log?.push(process.env.ORDERS_TRACE === "full" ? query : query.replace(/\s+/g, " ").slice(0, 160));
    },
  });
  const db = drizzle({ client: sql, schema });
  const handle = {
    db,
    kind: "postgres" as const,
    migrate: () => migrate(drizzle({ client: sql }), { migrationsFolder }),
    listen: async () => async () => {},
    notify: async () => {},
    close: () => sql.end({ timeout: 5 }),
  };
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: "0",
    RATE_LIMIT: "off",
    LOG_LEVEL: "warn",
    WORKER: "false",
    SEED_DEMO: "true",
    VERIFY_CACHE: "false",
  });
  // biome-ignore lint/suspicious/noExplicitAny: the trace handle mirrors DbHandle
  const server = await startServer(config, { dbHandle: handle as any });
  try {
    for (let i = 0; i < 3; i++) {
      log = [];
      const res = await fetch(`${server.url}/api/purchase`, {
        method: "POST",
        headers: purchaseRequest.headers,
        body: purchaseRequest.body(),
      });
      const statements = log;
      log = null;
      process.stdout.write(`order ${i + 1}: HTTP ${res.status}, ${statements.length} statements\n`);
      for (const s of statements) process.stdout.write(`  ${s}\n`);
    }
  } finally {
    await server.close();
    await handle.close();
  }
}

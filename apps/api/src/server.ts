import { flushLastVerified, listenForSigningKeyChanges } from "@keyway/core";
import { createDb, type DbHandle } from "@keyway/db";
import { DEMO, hasDemoData, seedDemo } from "@keyway/db/seed";
import type { FastifyInstance } from "fastify";
import { buildApp } from "./app";
import { startBackground } from "./background";
import { type AppDeps, createDeps } from "./deps";
import { type AppConfig, ConfigError } from "./env";
import { startVerificationCache } from "./verification-cache";

export interface RunningServer {
  app: FastifyInstance;
  deps: AppDeps;
  url: string;
  close(): Promise<void>;
}

/**
 * Migrates, refuses a production database that holds the public demo vendor, and seeds the demo
 * vendor when configured (true when it was created now). Once per start: by each server, or by
 * the cluster's primary before it forks (cluster.ts).
 */
export async function prepareDatabase(dbHandle: DbHandle, config: AppConfig): Promise<boolean> {
  await dbHandle.migrate();
  if (config.production && !config.seedDemo && (await hasDemoData(dbHandle.db))) {
    // The demo credentials are printed in public documents: anyone could use them.
    throw new ConfigError(
      "Refusing to start: the database holds the demo vendor, whose credentials are public; remove it, or set SEED_DEMO=true to keep it on purpose",
    );
  }
  return config.seedDemo ? (await seedDemo(dbHandle.db)).created : false;
}

/**
 * Opens the database, migrates, seeds the demo vendor when configured, and listens.
 * `main.ts` calls it with the environment; tests and benchmarks call it with their own config.
 */
export async function startServer(
  config: AppConfig,
  options: { dbHandle?: DbHandle } = {},
): Promise<RunningServer> {
  const dbHandle =
    options.dbHandle ??
    (await createDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, max: 20 }));
  let seeded: boolean;
  try {
    seeded = await prepareDatabase(dbHandle, config);
  } catch (error) {
    if (!options.dbHandle) await dbHandle.close();
    throw error;
  }
  const deps = createDeps(dbHandle, config);
  await deps.counters?.ready();
  const app = await buildApp(deps);
  if (config.seedDemo) {
    if (seeded) app.log.info("seeded the demo vendor");
    app.log.info(
      `demo vendor "${DEMO.vendorSlug}": x-api-key ${DEMO.biznoq.key} x-api-secret ${DEMO.biznoq.secret}; ` +
        `Brand-URL ${DEMO.jframework.brandUrl} Auth-Key ${DEMO.jframework.authKey}`,
    );
  }
  // After seeding: the seed's catalog writes would flush a freshly primed cache.
  const verificationCache = config.VERIFY_CACHE ? await startVerificationCache(deps, app.log) : null;
  // Cached signers are forgotten when any process changes a vendor's keys.
  const unlistenSigningKeys = await listenForSigningKeyChanges(dbHandle);
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  verificationCache?.primeInBackground();
  const port = new URL(address).port;
  // After listen, so a failed start never leaves a worker running.
  const background = config.WORKER ? await startBackground(deps, app.log) : null;
  const url = `http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${port}`;
  let closed = false;
  return {
    app,
    deps,
    url,
    async close() {
      if (closed) return;
      closed = true;
      await background?.stop();
      await app.close();
      await verificationCache?.stop();
      await unlistenSigningKeys().catch(() => {});
      await flushLastVerified(deps.db).catch(() => {});
      await deps.counters?.close();
      if (!options.dbHandle) await dbHandle.close();
    },
  };
}

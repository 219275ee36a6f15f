import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema/index";

export type Schema = typeof schema;
/** One handle type for both drivers (a union breaks drizzle's builder typing). */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a core function can run on: the database or an open transaction. */
export type Executor = Database | Transaction;

export const migrationsFolder = fileURLToPath(new URL("../drizzle", import.meta.url));

export type DatabaseKind = "pglite" | "postgres";

export interface DbHandle {
  db: Database;
  kind: DatabaseKind;
  /** Applies pending drizzle-kit migrations (idempotent). */
  migrate(): Promise<void>;
  /**
   * Subscribe to a Postgres NOTIFY channel; returns an unsubscribe function. `onListen` runs each
   * time the listening connection is (re)established: notifications sent while it was down are lost.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onListen?: () => void,
  ): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** postgres:// URL; when absent the embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` or undefined for in-memory. */
  dataDir?: string | undefined;
  /** postgres.js pool size. */
  max?: number;
}

export async function createDb(options: CreateDbOptions = {}): Promise<DbHandle> {
  if (options.databaseUrl) return createPostgres(options.databaseUrl, options.max ?? 10);
  return createPglite(options.dataDir);
}

async function createPostgres(url: string, max: number): Promise<DbHandle> {
  const sql = postgres(url, {
    max,
    onnotice: () => {},
    connect_timeout: 10,
    // No JIT: Keyway's queries are short, and Postgres compiles any plan costed over
    // jit_above_cost. A page of 5,000 verification snapshots (three correlated subqueries a row)
    // spent 550 of its 620 ms compiling, which made priming 100k licenses take 15 s instead of 2.
    connection: { jit: "off" },
  });
  const db = drizzlePostgres({ client: sql, schema }) as unknown as Database;
  return {
    db,
    kind: "postgres",
    migrate: () =>
      migrateAlone(url, () => migratePostgres(drizzlePostgres({ client: sql }), { migrationsFolder })),
    async listen(channel, onPayload, onListen) {
      const sub = await sql.listen(channel, onPayload, onListen);
      return () => sub.unlisten();
    },
    async notify(channel, payload) {
      await sql.notify(channel, payload);
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

/** Any number to name the lock; the same in every Keyway process. */
const MIGRATION_LOCK = 727_275;

/**
 * Runs `migrate` while holding a session advisory lock on a connection of its own, so that API
 * replicas, cluster processes and workers starting together migrate one after another (the
 * later ones find nothing left to do) instead of racing on the same DDL.
 */
async function migrateAlone(url: string, migrate: () => Promise<void>): Promise<void> {
  const lock = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate();
  } finally {
    await lock.end({ timeout: 5 });
  }
}

async function createPglite(dataDir: string | undefined): Promise<DbHandle> {
  const inMemory = !dataDir || dataDir.startsWith("memory://");
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const client = inMemory ? new PGlite() : new PGlite(dataDir);
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    migrate: () => migratePglite(drizzlePglite({ client }), { migrationsFolder }),
    async listen(channel, onPayload, onListen) {
      // In-process: the "connection" never drops.
      const unsub = await client.listen(channel, onPayload);
      onListen?.();
      return () => unsub();
    },
    async notify(channel, payload) {
      await client.query("select pg_notify($1, $2)", [channel, payload]);
    },
    close: () => client.close(),
  };
}

import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { createDb, type DbHandle, migrationsFolder } from "./client";

/**
 * A fresh, migrated database for one test file. With `TEST_DATABASE_URL` set it is a new
 * Postgres database cloned from a template migrated once per migration set; otherwise an
 * in-memory PGlite. `close()` drops what it made.
 */
export interface TestDb extends DbHandle {
  /** Connection URL of the Postgres database (undefined on PGlite). */
  url: string | undefined;
}

export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

export async function createTestDb(): Promise<TestDb> {
  const adminUrl = testDatabaseUrl();
  if (!adminUrl) {
    const handle = await createDb();
    await handle.migrate();
    return { ...handle, url: undefined };
  }
  const template = await ensureTemplate(adminUrl);
  const name = `keyway_t_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}" template "${template}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const handle = await createDb({ databaseUrl: url, max: 20 });
  return {
    ...handle,
    url,
    async close() {
      await handle.close();
      const drop = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await drop.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await drop.end();
      }
    },
  };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function migrationsHash(): string {
  const journal = readFileSync(join(migrationsFolder, "meta", "_journal.json"));
  const h = createHash("sha256").update(journal);
  for (const entry of (JSON.parse(journal.toString()) as { entries: { tag: string }[] }).entries) {
    h.update(readFileSync(join(migrationsFolder, `${entry.tag}.sql`)));
  }
  return h.digest("hex").slice(0, 12);
}

/** Migrates a template database once per migration set; parallel test files wait on an advisory lock. */
async function ensureTemplate(adminUrl: string): Promise<string> {
  const template = `keyway_tpl_${migrationsHash()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(727274)`;
      const found = await tx`select 1 from pg_database where datname = ${template}`;
      if (found.length > 0) return;
      const building = `${template}_build`;
      // CREATE DATABASE cannot run inside a transaction block: use a second connection.
      const side = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await side.unsafe(`drop database if exists "${building}"`);
        await side.unsafe(`create database "${building}"`);
        const handle = await createDb({ databaseUrl: withDatabase(adminUrl, building), max: 1 });
        await handle.migrate();
        await handle.close();
        await side.unsafe(`alter database "${building}" rename to "${template}"`);
      } finally {
        await side.end();
      }
    });
  } finally {
    await admin.end();
  }
  return template;
}

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { type Database, migrationsFolder } from "./client";

export interface MigrationState {
  applied: number;
  available: number;
  upToDate: boolean;
}

function availableMigrations(): number {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta", "_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/** Counts applied drizzle migrations against the committed journal; throws if the database is unreachable. */
export async function migrationState(db: Database): Promise<MigrationState> {
  const available = availableMigrations();
  const exists = await db.execute<{ present: boolean }>(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  const present = rowsOf<{ present: boolean }>(exists)[0]?.present === true;
  if (!present) return { applied: 0, available, upToDate: available === 0 };
  const result = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  );
  const applied = Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
  return { applied, available, upToDate: applied >= available };
}

/** postgres.js returns an array of rows, PGlite an object with `rows`: read both. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: T[] }).rows;
  return rows ?? [];
}

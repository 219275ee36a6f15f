import { type AnyColumn, type Database, getTableName, is, lastVerified, SQL, sql } from "@keyway/db";

/**
 * `last_verified_at` of licenses and seats, written behind the hot path into its own narrow table
 * (`last_verified`, keyed by the license's or the seat's id). A verification only records
 * "license X / seat Y was verified at T" in memory; every FLUSH_INTERVAL_MS one upsert writes all
 * of them. Measured: one write per verification (two with a seat), each its own commit and WAL
 * flush, capped the server near 700 verifications/s; batched, the hot path writes nothing. The
 * cost is that the time may lag by up to the interval (it is a coarse "last seen", shown per day
 * on the dashboard), and that a crash loses at most one interval. `flushLastVerified(db)` writes
 * immediately (the server calls it on close). Besides this module, only taking a seat writes
 * here (seats.ts: a seat is verified when taken, in the statement that inserts it).
 */

export const FLUSH_INTERVAL_MS = 2_000;

interface Pending {
  /**
   * License and seat ids (prefixed, so never equal) → when last verified, in ms after `base`:
   * a small integer, which a Map holds without allocating (an epoch in ms would be a boxed
   * number, and a Date an object, each kept until the flush and so copied by every scavenge).
   */
  seen: Map<string, number>;
  base: number;
  timer: ReturnType<typeof setTimeout> | null;
}

const pendingByDb = new WeakMap<Database, Pending>();

function pendingOf(db: Database): Pending {
  let pending = pendingByDb.get(db);
  if (!pending) {
    pending = { seen: new Map(), base: 0, timer: null };
    pendingByDb.set(db, pending);
  }
  return pending;
}

/** Remembers that a license (and optionally one of its seats) was verified at `at`. */
export function noteVerified(db: Database, licenseId: string, activationId: string | null, at: Date): void {
  const pending = pendingOf(db);
  if (pending.seen.size === 0) pending.base = at.getTime();
  const offset = at.getTime() - pending.base;
  keepLatest(pending.seen, licenseId, offset);
  if (activationId) keepLatest(pending.seen, activationId, offset);
  if (!pending.timer) {
    pending.timer = setTimeout(() => {
      void flushLastVerified(db).catch(() => {
        // The handle was closed (tests) or the database is briefly away: the next
        // verification notes the license again; last_verified_at is advisory.
      });
    }, FLUSH_INTERVAL_MS);
    pending.timer.unref?.();
  }
}

function keepLatest(seen: Map<string, number>, id: string, offset: number) {
  const before = seen.get(id);
  if (before === undefined || before < offset) seen.set(id, offset);
}

/** Writes every noted verification now, in one statement; never moves a time backwards. */
export async function flushLastVerified(db: Database): Promise<void> {
  const pending = pendingByDb.get(db);
  if (!pending) return;
  if (pending.timer) clearTimeout(pending.timer);
  pending.timer = null;
  if (pending.seen.size === 0) return;
  const ids = arrayLiteral([...pending.seen.keys()]);
  const offsets = `{${[...pending.seen.values()].join(",")}}`;
  const base = pending.base;
  pending.seen.clear();
  // Not waiting for its WAL flush: a crash can lose one batch of an advisory timestamp, never
  // anything else. The narrow table, not the license and seat rows (migration 0016): at 1M
  // licenses the wide rows' updates cost Postgres ~5× more, and were what grew with the catalog.
  // Times travel as whole milliseconds after `base` (exact, and cheaper to write than ISO dates).
  await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('synchronous_commit', 'off', true)`);
    await tx.execute(sql`
      insert into ${lastVerified} (id, at)
      select v.id, to_timestamp(0) + (${base}::bigint + v.offset_ms) * interval '1 millisecond'
      from unnest(${ids}::text[], ${offsets}::bigint[]) as v(id, offset_ms)
      on conflict (id) do update set at = excluded.at where ${lastVerified}.at < excluded.at`);
  });
}

/**
 * When the license or seat whose id is `id` was last verified: a `Date | null` to select. `id` is
 * an id column, or SQL naming one under an alias (`sql\`a.id\``). A column is written with its
 * table's name: drizzle leaves it bare in a one-table select, where inside this subquery it would
 * mean `last_verified.id`.
 */
export function lastVerifiedAtOf(id: AnyColumn | SQL): SQL<Date | null> {
  const column = is(id, SQL) ? id : sql`${sql.identifier(getTableName(id.table))}.${sql.identifier(id.name)}`;
  return sql<Date | null>`(select lv.at from ${lastVerified} lv where lv.id = ${column})`.mapWith(
    lastVerified.at,
  );
}

/**
 * A Postgres array literal of quoted strings, bound as one text parameter (drizzle passes a JS
 * array to postgres.js as a list, not an array; unnest of a literal parses ~4x faster than JSON).
 */
function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}

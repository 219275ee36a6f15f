import { type AnyColumn, type Database, getTableName, lastVerified, type SQL, sql } from "@keyway/db";

/**
 * `last_verified_at` of licenses and seats, written behind the hot path into its own narrow table
 * (`last_verified`, keyed by the license's or the seat's id). A verification only records
 * "license X / seat Y was verified at T" in memory; every FLUSH_INTERVAL_MS one upsert writes all
 * of them. Measured: one UPDATE per verification (two with a seat), each its
 * own commit and WAL flush, capped the server near 700 verifications/s; batched, the hot path
 * writes nothing. The cost is that the column may lag by up to the interval (it is a
 * coarse "last seen", shown per day on the dashboard), and that a crash loses at most one interval.
 * `flushLastVerified(db)` writes immediately (the server calls it on close).
 */

export const FLUSH_INTERVAL_MS = 2_000;

interface Pending {
  licenses: Map<string, Date>;
  activations: Map<string, Date>;
  timer: ReturnType<typeof setTimeout> | null;
}

const pendingByDb = new WeakMap<Database, Pending>();

function pendingOf(db: Database): Pending {
  let pending = pendingByDb.get(db);
  if (!pending) {
    pending = { licenses: new Map(), activations: new Map(), timer: null };
    pendingByDb.set(db, pending);
  }
  return pending;
}

/** Remembers that a license (and optionally one of its seats) was verified at `at`. */
export function noteVerified(db: Database, licenseId: string, activationId: string | null, at: Date): void {
  const pending = pendingOf(db);
  keepLatest(pending.licenses, licenseId, at);
  if (activationId) keepLatest(pending.activations, activationId, at);
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

function keepLatest(map: Map<string, Date>, id: string, at: Date) {
  const seen = map.get(id);
  if (!seen || seen < at) map.set(id, at);
}

/** Writes every noted verification now, one statement per table; never moves a time backwards. */
export async function flushLastVerified(db: Database): Promise<void> {
  const pending = pendingByDb.get(db);
  if (!pending) return;
  if (pending.timer) clearTimeout(pending.timer);
  pending.timer = null;
  const licenseIds = [...pending.licenses.keys()];
  const licenseTimes = [...pending.licenses.values()].map((at) => at.toISOString());
  const seatIds = [...pending.activations.keys()];
  const seatTimes = [...pending.activations.values()].map((at) => at.toISOString());
  pending.licenses.clear();
  pending.activations.clear();
  if (licenseIds.length === 0 && seatIds.length === 0) return;
  // Not waiting for its WAL flush: a crash can lose one batch of an advisory timestamp, never
  // anything else. The narrow table, not the license and seat rows (migration 0016): at 1M
  // licenses the wide rows' updates cost Postgres ~5× more, and were what grew with the catalog.
  const ids = [...licenseIds, ...seatIds];
  const times = [...licenseTimes, ...seatTimes];
  await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('synchronous_commit', 'off', true)`);
    await tx.execute(sql`
      insert into ${lastVerified} (id, at)
      select * from unnest(${arrayLiteral(ids)}::text[], ${arrayLiteral(times)}::timestamptz[])
      on conflict (id) do update set at = excluded.at where ${lastVerified}.at < excluded.at`);
  });
}

/**
 * When the license or seat whose id column is `id` was last verified: a `Date | null` to select.
 * The column is written with its table's name: drizzle leaves it bare in a one-table select,
 * where inside this subquery it would mean `last_verified.id`.
 */
export function lastVerifiedAtOf(id: AnyColumn): SQL<Date | null> {
  const column = sql`${sql.identifier(getTableName(id.table))}.${sql.identifier(id.name)}`;
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

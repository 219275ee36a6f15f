import { type Database, sql } from "@keyway/db";

/**
 * `last_verified_at` of licenses and seats, written behind the hot path. A verification only
 * records "license X / seat Y was verified at T" in memory; every FLUSH_INTERVAL_MS one statement
 * per table writes all of them. Measured: one UPDATE per verification (two with a seat), each its
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
  // One transaction, marked so the change triggers skip it (migration 0004: these writes change
  // nothing a verification cache holds), and not waiting for its WAL flush: a crash can lose
  // one batch of an advisory timestamp, never anything else.
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('keyway.last_seen_only', 'on', true), set_config('synchronous_commit', 'off', true)`,
    );
    if (licenseIds.length > 0) {
      await tx.execute(sql`
        update licenses l set last_verified_at = v.at
        from unnest(${arrayLiteral(licenseIds)}::text[], ${arrayLiteral(licenseTimes)}::timestamptz[]) as v(id, at)
        where l.id = v.id and (l.last_verified_at is null or l.last_verified_at < v.at)`);
    }
    if (seatIds.length > 0) {
      await tx.execute(sql`
        update activations a set last_verified_at = v.at
        from unnest(${arrayLiteral(seatIds)}::text[], ${arrayLiteral(seatTimes)}::timestamptz[]) as v(id, at)
        where a.id = v.id and (a.last_verified_at is null or a.last_verified_at < v.at)`);
    }
  });
}

/**
 * A Postgres array literal of quoted strings, bound as one text parameter (drizzle passes a JS
 * array to postgres.js as a list, not an array; unnest of a literal parses ~4x faster than JSON).
 */
function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}

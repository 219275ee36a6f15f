import { type Database, newId } from "@keyway/db";
import { findPgError, pgErrorCodes } from "../shared/pg-errors";
import { oncePerExecutor, prepareText, type StatementText } from "../shared/prepared";

/** One finished delivery, as `settleDeliveries` records it. */
export interface SettleItem {
  id: string;
  vendorId: string;
  lease: Date;
  status: "succeeded" | "pending" | "failed";
  /** The attempt to log, or null when nothing was sent (endpoint disabled, unrenderable event). */
  attempt: number | null;
  statusCode: number | null;
  durationMs: number;
  snippet: string | null;
  error: string | null;
  at: Date;
  nextAttemptAt: Date | null;
}

const SETTLE_SQL: StatementText = {
  params: ["rows", "flagAfterFailures"],
  text: `
    with input as (
      select * from jsonb_to_recordset($1::text::jsonb) as i(
        ord int, id text, att_id text, vendor_id text, lease timestamptz, status text, attempt int,
        ok boolean, status_code int, duration_ms int, snippet text, error text, at timestamptz,
        next_at timestamptz)
    ),
    settled as (
      update webhook_deliveries d
      set status = i.status,
        locked_until = null,
        last_status_code = case when i.attempt is null then d.last_status_code else i.status_code end,
        last_error = i.error,
        updated_at = i.at,
        delivered_at = case when i.ok then i.at else d.delivered_at end,
        next_attempt_at = coalesce(i.next_at, d.next_attempt_at)
      from input i
      where d.id = i.id and d.locked_until = i.lease
      returning d.id, d.endpoint_id
    ),
    logged as (
      insert into webhook_attempts
        (id, vendor_id, delivery_id, attempt, status_code, duration_ms, response_snippet, error, created_at)
      select i.att_id, i.vendor_id, i.id, i.attempt, i.status_code, i.duration_ms, i.snippet, i.error, i.at
      from input i
      where i.attempt is not null
    ),
    outcomes as (
      select s.endpoint_id, i.ok, i.at,
        max(i.ord) filter (where i.ok) over (partition by s.endpoint_id) as last_ok,
        i.ord
      from settled s join input i on i.id = s.id
      where i.attempt is not null
    ),
    per_endpoint as (
      select endpoint_id, bool_or(ok) as any_ok, max(at) as at,
        count(*) filter (where not ok and ord > coalesce(last_ok, -1)) as tail
      from outcomes
      group by endpoint_id
    )
    update webhook_endpoints e
    set consecutive_failures = case when p.any_ok then p.tail else e.consecutive_failures + p.tail end,
      flagged_at = case
        when p.any_ok then case when p.tail >= $2::int then p.at end
        when e.flagged_at is not null then e.flagged_at
        when e.consecutive_failures + p.tail >= $2::int then p.at
        end,
      updated_at = p.at
    from per_endpoint p
    where e.id = p.endpoint_id
      and (p.tail > 0 or e.consecutive_failures <> 0 or e.flagged_at is not null)
  `,
};

/** Prepared once per database handle (shared/prepared.ts). */
const settleStatement = oncePerExecutor((db) => prepareText(db, "keyway_webhook_settle", SETTLE_SQL));

/**
 * Records finished deliveries in one statement (data-modifying CTEs: atomic without a
 * transaction, one round trip and one commit for the whole batch). Each row is settled only
 * while the lease it was claimed with still holds; its attempt is logged either way (the attempt
 * outlived its lease and another worker took the row: the row and the endpoint's counters are
 * then left to that worker). The endpoints' failure counters replay the batch in order: a
 * success resets them, each failure after the last success counts, and an endpoint is flagged
 * when its count reaches `flagAfterFailures`; an endpoint already at zero is not written.
 */
export async function settleDeliveries(
  db: Database,
  items: readonly SettleItem[],
  flagAfterFailures: number,
): Promise<void> {
  if (items.length === 0) return;
  const rows = items.map((item, ord) => ({
    ord,
    id: item.id,
    att_id: item.attempt === null ? null : newId("att"),
    vendor_id: item.vendorId,
    lease: item.lease.toISOString(),
    status: item.status,
    attempt: item.attempt,
    ok: item.status === "succeeded",
    status_code: item.statusCode,
    duration_ms: item.durationMs,
    snippet: item.snippet,
    error: item.error,
    at: item.at.toISOString(),
    next_at: item.nextAttemptAt?.toISOString() ?? null,
  }));

  // Two batches that touch the same rows in a different order can deadlock (a row whose lease
  // ran out, endpoints failing on two workers); the statement is atomic, so run it again.
  for (let attempt = 1; ; attempt++) {
    try {
      await settleStatement(db).execute({
        rows: JSON.stringify(rows),
        flagAfterFailures,
      });
      return;
    } catch (error) {
      if (attempt >= 3 || !isRetryable(error)) throw error;
    }
  }
}

function isRetryable(error: unknown): boolean {
  return findPgError(error, [pgErrorCodes.deadlockDetected, pgErrorCodes.serializationFailure]) !== null;
}

/**
 * Group commit: the first outcome is written at once, those finishing while a write is under
 * way go together in the next one. Each caller's promise settles with its batch.
 */
export function createSettler(
  db: Database,
  flagAfterFailures: number,
  maxBatch = 500,
): (item: SettleItem) => Promise<void> {
  const queue: { item: SettleItem; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let flushing = false;
  async function flush() {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      try {
        await settleDeliveries(
          db,
          batch.map((b) => b.item),
          flagAfterFailures,
        );
        for (const b of batch) b.resolve();
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    flushing = false;
  }
  return (item) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!flushing) {
        flushing = true;
        // Outcomes that arrive in the same turn of the event loop share the first write.
        setImmediate(flush);
      }
    });
}

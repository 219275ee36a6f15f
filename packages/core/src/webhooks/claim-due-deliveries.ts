import { type Database, rowsOf, type WebhookFormat } from "@keyway/db";
import { oncePerExecutor, prepareText, type StatementText } from "../shared/prepared";
import type { NativeWebhookPayload } from "./render-body";

/** A delivery a worker holds the lease of. */
export interface ClaimedDelivery {
  id: string;
  vendorId: string;
  endpointId: string;
  eventType: string;
  payload: NativeWebhookPayload;
  /** 1 for the first attempt (after a replay the count starts again). */
  attempt: number;
  /** The worker owns the row until then; finishing checks it still does. */
  lease: Date;
  endpoint: {
    url: string;
    format: WebhookFormat;
    secretEncrypted: string;
    /** Set while a rotation's overlap window is open. */
    previousSecretEncrypted: string | null;
    /** Disabled or deleted since the row was written. */
    inactive: boolean;
  };
}

interface ClaimRow {
  id: string;
  vendor_id: string;
  endpoint_id: string;
  event_type: string;
  payload: unknown;
  attempts: number | string;
  url: string;
  format: WebhookFormat;
  secret_encrypted: string;
  previous_secret: string | null;
  inactive: boolean;
}

const CLAIM_SQL: StatementText = {
  params: ["now", "limit", "lease"],
  text: `
    with due as (
      select d.id
      from webhook_deliveries d
      where d.status = 'pending'
        and d.next_attempt_at <= $1::text::timestamptz
        and (d.locked_until is null or d.locked_until <= $1::text::timestamptz)
        and not exists (
          select 1 from webhook_deliveries o
          where o.endpoint_id = d.endpoint_id
            and o.subject_id = d.subject_id
            and o.status = 'pending'
            and o.seq < d.seq
        )
      order by d.seq
      limit $2::int
      for update of d skip locked
    ),
    -- A lease need not survive a server crash: the worker's settle could not commit through the
    -- crash either, so its rows are delivered again whether or not the lease was kept. Not
    -- waiting for the WAL flush saves a disk flush per claim.
    async_commit as (select set_config('synchronous_commit', 'off', true) as setting)
    update webhook_deliveries w
    set locked_until = $3::text::timestamptz, attempts = w.attempts + 1
    from due, webhook_endpoints e, async_commit
    where w.id = due.id and e.id = w.endpoint_id
    returning w.id, w.vendor_id, w.endpoint_id, w.event_type, w.payload, w.attempts,
      e.url, e.format, e.secret_encrypted,
      case when e.previous_secret_expires_at > $1::text::timestamptz then e.previous_secret_encrypted end
        as previous_secret,
      (e.disabled_at is not null or e.deleted_at is not null) as inactive
  `,
};

/** Prepared once per database handle (shared/prepared.ts). */
const claimStatement = oncePerExecutor((db) => prepareText(db, "keyway_webhook_claim", CLAIM_SQL));

/**
 * Takes up to `limit` due deliveries with `FOR UPDATE SKIP LOCKED`, so concurrent workers never
 * take the same row, and leases them until `now + leaseMs`: a worker that dies mid-delivery
 * leaves its rows to be taken again once the lease runs out. A row waits while an older
 * pending row for the same endpoint and subject (license) exists, so each subject's events
 * arrive in commit order.
 */
export async function claimDueDeliveries(
  db: Database,
  params: { now: Date; limit: number; leaseMs: number },
): Promise<ClaimedDelivery[]> {
  const lease = new Date(params.now.getTime() + params.leaseMs);
  const result = await claimStatement(db).execute({
    now: params.now.toISOString(),
    limit: params.limit,
    lease: lease.toISOString(),
  });
  return rowsOf<ClaimRow>(result).map((r) => ({
    id: r.id,
    vendorId: r.vendor_id,
    endpointId: r.endpoint_id,
    eventType: r.event_type,
    payload: (typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload) as NativeWebhookPayload,
    attempt: Number(r.attempts),
    lease,
    endpoint: {
      url: r.url,
      format: r.format,
      secretEncrypted: r.secret_encrypted,
      previousSecretEncrypted: r.previous_secret ?? null,
      inactive: r.inactive === true,
    },
  }));
}

import {
  and,
  type Database,
  type DbHandle,
  eq,
  newId,
  rowsOf,
  sql,
  type WebhookFormat,
  webhookDeliveries,
} from "@keyway/db";
import { isDomainError } from "../shared/errors";
import type { SecretBox } from "../shared/secrets";
import { createWebhookAgents, type PostWebhookResult, postWebhook, type WebhookAgents } from "./post-webhook";
import { type NativeWebhookPayload, renderWebhookBody } from "./render-body";
import { retryDelayMs } from "./retry-schedule";
import { signWebhook } from "./signing";
import { type LookupAll, resolveWebhookTarget } from "./url-guard";
import { WEBHOOK_WAKE_CHANNEL } from "./wake";

/** An endpoint is flagged for the console once this many attempts in a row have failed. */
export const FLAG_AFTER_CONSECUTIVE_FAILURES = 10;

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
  const now = params.now.toISOString();
  const lease = new Date(params.now.getTime() + params.leaseMs);
  const result = await db.execute(sql`
    with due as (
      select d.id
      from webhook_deliveries d
      where d.status = 'pending'
        and d.next_attempt_at <= ${now}::timestamptz
        and (d.locked_until is null or d.locked_until <= ${now}::timestamptz)
        and not exists (
          select 1 from webhook_deliveries o
          where o.endpoint_id = d.endpoint_id
            and o.subject_id = d.subject_id
            and o.status = 'pending'
            and o.seq < d.seq
        )
      order by d.seq
      limit ${params.limit}
      for update of d skip locked
    )
    update webhook_deliveries w
    set locked_until = ${lease.toISOString()}::timestamptz, attempts = w.attempts + 1
    from due, webhook_endpoints e
    where w.id = due.id and e.id = w.endpoint_id
    returning w.id, w.vendor_id, w.endpoint_id, w.event_type, w.payload, w.attempts,
      e.url, e.format, e.secret_encrypted,
      case when e.previous_secret_expires_at > ${now}::timestamptz then e.previous_secret_encrypted end
        as previous_secret,
      (e.disabled_at is not null or e.deleted_at is not null) as inactive
  `);
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

export interface DeliveryContext {
  db: Database;
  secrets: SecretBox;
  allowPrivateUrls: boolean;
  timeoutMs: number;
  agents: WebhookAgents;
  now: () => Date;
  random: () => number;
  lookup?: LookupAll | undefined;
  flagAfterFailures: number;
}

export type DeliveryOutcome = "succeeded" | "retrying" | "failed";

/** Sends one claimed delivery, logs the attempt and settles the row. */
export async function deliverClaimed(
  ctx: DeliveryContext,
  claimed: ClaimedDelivery,
): Promise<DeliveryOutcome> {
  if (claimed.endpoint.inactive) {
    await settleWithoutAttempt(ctx, claimed, "endpoint disabled");
    return "failed";
  }
  let body: string;
  try {
    body = renderWebhookBody(claimed.endpoint.format, claimed.payload);
  } catch (error) {
    await settleWithoutAttempt(ctx, claimed, error instanceof Error ? error.message : "unrenderable event");
    return "failed";
  }

  let result: PostWebhookResult;
  try {
    const url = new URL(claimed.endpoint.url);
    // Checked again at delivery: DNS can change after registration.
    const pinned = await withTimeout(
      resolveWebhookTarget(url, { allowPrivate: ctx.allowPrivateUrls, lookup: ctx.lookup }),
      ctx.timeoutMs,
    );
    const secrets = [ctx.secrets.open(claimed.endpoint.secretEncrypted)];
    if (claimed.endpoint.previousSecretEncrypted)
      secrets.push(ctx.secrets.open(claimed.endpoint.previousSecretEncrypted));
    // The signature carries the real sending time, whatever clock schedules the retries.
    const sentAt = new Date();
    result = await postWebhook({
      url,
      body,
      timeoutMs: ctx.timeoutMs,
      pinned,
      agents: ctx.agents,
      headers: {
        "content-type": "application/json",
        "user-agent": "Keyway-Webhooks/1.0",
        "webhook-id": claimed.id,
        "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
        "webhook-signature": signWebhook(secrets, claimed.id, sentAt, body),
      },
    });
  } catch (error) {
    const message = isDomainError(error)
      ? `refused: ${error.message}`
      : error instanceof TimeoutError
        ? error.message
        : "could not send the request";
    result = { statusCode: null, durationMs: 0, snippet: null, error: message };
  }
  return settleAttempt(ctx, claimed, result);
}

class TimeoutError extends Error {}

/** DNS resolution counts against the attempt's timeout too. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`DNS lookup timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function settleAttempt(
  ctx: DeliveryContext,
  claimed: ClaimedDelivery,
  result: PostWebhookResult,
): Promise<DeliveryOutcome> {
  const now = ctx.now();
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const error = ok ? null : (result.error ?? `HTTP ${result.statusCode ?? "error"}`);
  const delay = ok ? null : retryDelayMs(claimed.attempt, ctx.random);
  const outcome: DeliveryOutcome = ok ? "succeeded" : delay === null ? "failed" : "retrying";
  const nowIso = now.toISOString();
  const nextAttemptAt = delay === null ? null : new Date(now.getTime() + delay).toISOString();
  // One statement (data-modifying CTEs), so it is atomic without a transaction and costs one
  // round trip. The attempt is logged even when the lease was lost (this attempt outlived it
  // and another worker took the row); the row and the endpoint's counters are then left to
  // that worker.
  await ctx.db.execute(sql`
    with settled as (
      update webhook_deliveries
      set status = ${outcome === "retrying" ? "pending" : outcome},
        locked_until = null,
        last_status_code = ${result.statusCode}::int,
        last_error = ${error},
        updated_at = ${nowIso}::timestamptz,
        delivered_at = case when ${ok}::boolean then ${nowIso}::timestamptz else delivered_at end,
        next_attempt_at = coalesce(${nextAttemptAt}::timestamptz, next_attempt_at)
      where id = ${claimed.id} and locked_until = ${claimed.lease.toISOString()}::timestamptz
      returning endpoint_id
    ),
    attempt as (
      insert into webhook_attempts
        (id, vendor_id, delivery_id, attempt, status_code, duration_ms, response_snippet, error, created_at)
      values (${newId("att")}, ${claimed.vendorId}, ${claimed.id}, ${claimed.attempt}, ${result.statusCode}::int,
        ${result.durationMs}, ${result.snippet}, ${error}, ${nowIso}::timestamptz)
    )
    update webhook_endpoints e
    set consecutive_failures = case when ${ok}::boolean then 0 else e.consecutive_failures + 1 end,
      flagged_at = case
        when ${ok}::boolean then null
        when e.flagged_at is null and e.consecutive_failures + 1 >= ${ctx.flagAfterFailures}::int
          then ${nowIso}::timestamptz
        else e.flagged_at end,
      updated_at = ${nowIso}::timestamptz
    from settled
    where e.id = settled.endpoint_id
      and (not ${ok}::boolean or e.consecutive_failures <> 0 or e.flagged_at is not null)
  `);
  return outcome;
}

async function settleWithoutAttempt(ctx: DeliveryContext, claimed: ClaimedDelivery, reason: string) {
  await ctx.db
    .update(webhookDeliveries)
    .set({ status: "failed", lockedUntil: null, lastError: reason, updatedAt: ctx.now() })
    .where(and(eq(webhookDeliveries.id, claimed.id), eq(webhookDeliveries.lockedUntil, claimed.lease)));
}

export interface WebhookWorkerOptions {
  db: Database;
  secrets: SecretBox;
  /** Development and tests; production refuses private addresses at delivery too. */
  allowPrivateUrls: boolean;
  /** Per attempt, connect to last byte (WEBHOOK_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Wake on NOTIFY after each commit that queues deliveries (the db handle's `listen`). */
  listen?: DbHandle["listen"];
  /** Fallback polling when no NOTIFY arrives. */
  pollIntervalMs?: number;
  /** Deliveries in flight at once. */
  concurrency?: number;
  /** How long a claimed row stays with this worker; must outlast one attempt. */
  leaseMs?: number;
  /** Scheduling clock (tests move it instead of sleeping). */
  now?: () => Date;
  random?: () => number;
  lookup?: LookupAll;
  flagAfterFailures?: number;
  onError?: (error: unknown) => void;
}

export interface WebhookWorker {
  /** Starts the background loop. */
  start(): Promise<void>;
  /** Stops claiming, lets deliveries in flight finish, closes connections. */
  stop(): Promise<void>;
  /** Claims one batch and delivers it; the number of deliveries handled. (Tests, tools.) */
  runOnce(): Promise<number>;
  /** `runOnce` until nothing is due; the total handled. */
  drain(): Promise<number>;
}

/** The outbox delivery loop. Any number can run against one database. */
export function createWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const concurrency = options.concurrency ?? 16;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const leaseMs = options.leaseMs ?? 2 * timeoutMs + 30_000;
  const onError = options.onError ?? (() => {});
  const agents = createWebhookAgents(concurrency * 2);
  const ctx: DeliveryContext = {
    db: options.db,
    secrets: options.secrets,
    allowPrivateUrls: options.allowPrivateUrls,
    timeoutMs,
    agents,
    now: options.now ?? (() => new Date()),
    random: options.random ?? Math.random,
    lookup: options.lookup,
    flagAfterFailures: options.flagAfterFailures ?? FLAG_AFTER_CONSECUTIVE_FAILURES,
  };

  const inFlight = new Set<Promise<unknown>>();
  let running = false;
  let loopDone: Promise<void> | null = null;
  let unlisten: (() => Promise<void>) | null = null;
  let wakePending = false;
  let wakeWaiter: (() => void) | null = null;

  const wake = () => {
    if (wakeWaiter) wakeWaiter();
    else wakePending = true;
  };
  const waitForWake = (ms: number) =>
    new Promise<void>((resolve) => {
      if (wakePending) {
        wakePending = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeWaiter = null;
        wakePending = false;
        resolve();
      }
      wakeWaiter = done;
    });

  const claim = (limit: number) => claimDueDeliveries(options.db, { now: ctx.now(), limit, leaseMs });
  const deliver = (claimed: ClaimedDelivery) =>
    deliverClaimed(ctx, claimed).catch((error: unknown) => {
      // The row keeps its lease and is retried when it runs out.
      onError(error);
    });

  async function loop() {
    while (running) {
      const free = concurrency - inFlight.size;
      if (free > 0) {
        let claimed: ClaimedDelivery[] = [];
        try {
          claimed = await claim(free);
        } catch (error) {
          onError(error);
          await waitForWake(Math.max(pollIntervalMs, 1_000));
          continue;
        }
        for (const row of claimed) {
          const task = deliver(row).finally(() => {
            inFlight.delete(task);
            // A finished delivery can unblock the next one for its subject.
            wake();
          });
          inFlight.add(task);
        }
        if (claimed.length === free) continue;
      }
      await waitForWake(pollIntervalMs);
    }
    await Promise.allSettled([...inFlight]);
  }

  return {
    async start() {
      if (running) return;
      running = true;
      if (options.listen) {
        try {
          unlisten = await options.listen(WEBHOOK_WAKE_CHANNEL, wake);
        } catch (error) {
          onError(error);
        }
      }
      loopDone = loop();
    },
    async stop() {
      running = false;
      wake();
      await loopDone;
      loopDone = null;
      if (unlisten) await unlisten().catch(onError);
      unlisten = null;
      agents.destroy();
    },
    async runOnce() {
      const claimed = await claim(concurrency);
      await Promise.all(claimed.map(deliver));
      return claimed.length;
    },
    async drain() {
      let total = 0;
      for (let n = await this.runOnce(); n > 0; n = await this.runOnce()) total += n;
      return total;
    },
  };
}

import { type Database, type DbHandle, newId, rowsOf, type WebhookFormat } from "@keyway/db";
import { isDomainError } from "../shared/errors";
import { oncePerExecutor, prepareText, type StatementText } from "../shared/prepared";
import type { SecretBox } from "../shared/secrets";
import { createWebhookAgents, type PostWebhookResult, postWebhook, type WebhookAgents } from "./post-webhook";
import { type NativeWebhookPayload, renderWebhookBody } from "./render-body";
import { retryDelayMs } from "./retry-schedule";
import { signWebhookWithKeys, webhookSigningKey } from "./signing";
import { cachedLookup, type LookupAll, resolveWebhookTarget, systemLookup } from "./url-guard";
import { WEBHOOK_WAKE_CHANNEL } from "./wake";

/** An endpoint is flagged for the console once this many attempts in a row have failed. */
export const FLAG_AFTER_CONSECUTIVE_FAILURES = 10;

/** How long a worker reuses a host's DNS answer (the addresses are still checked each time). */
export const LOOKUP_CACHE_MS = 10_000;

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

/** The worker's statements, prepared once per database handle (shared/prepared.ts). */
const claimStatement = oncePerExecutor((db) => prepareText(db, "keyway_webhook_claim", CLAIM_SQL));
const settleStatement = oncePerExecutor((db) => prepareText(db, "keyway_webhook_settle", SETTLE_SQL));

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
  /** Records an outcome; resolves once it is committed (batched with others finishing meanwhile). */
  settle?: ((outcome: SettleItem) => Promise<void>) | undefined;
  /** HMAC keys of sealed secrets, remembered by ciphertext (a rotation seals a new one). */
  signingKeys?: SigningKeyCache | undefined;
}

export type DeliveryOutcome = "succeeded" | "retrying" | "failed";

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

/** Sealed secret → HMAC key; bounded, oldest forgotten first. */
export class SigningKeyCache {
  private readonly keys = new Map<string, Buffer>();
  constructor(
    private readonly secrets: SecretBox,
    private readonly maxKeys = 10_000,
  ) {}
  get(sealed: string): Buffer {
    let key = this.keys.get(sealed);
    if (!key) {
      key = webhookSigningKey(this.secrets.open(sealed));
      if (this.keys.size >= this.maxKeys) {
        const oldest = this.keys.keys().next();
        if (!oldest.done) this.keys.delete(oldest.value);
      }
      this.keys.set(sealed, key);
    }
    return key;
  }
}

/** Sends one claimed delivery, logs the attempt and settles the row. */
export async function deliverClaimed(
  ctx: DeliveryContext,
  claimed: ClaimedDelivery,
): Promise<DeliveryOutcome> {
  const settle =
    ctx.settle ?? ((item: SettleItem) => settleDeliveries(ctx.db, [item], ctx.flagAfterFailures));
  if (claimed.endpoint.inactive) {
    await settle(unsent(ctx, claimed, "endpoint disabled"));
    return "failed";
  }
  let body: string;
  try {
    body = renderWebhookBody(claimed.endpoint.format, claimed.payload);
  } catch (error) {
    await settle(unsent(ctx, claimed, error instanceof Error ? error.message : "unrenderable event"));
    return "failed";
  }

  let result: PostWebhookResult;
  try {
    const url = new URL(claimed.endpoint.url);
    // Checked again at delivery: DNS can change after registration.
    const pinned = ctx.allowPrivateUrls
      ? null
      : await withTimeout(
          resolveWebhookTarget(url, { allowPrivate: false, lookup: ctx.lookup }),
          ctx.timeoutMs,
        );
    const keyOf = (sealed: string) =>
      ctx.signingKeys ? ctx.signingKeys.get(sealed) : webhookSigningKey(ctx.secrets.open(sealed));
    const keys = [keyOf(claimed.endpoint.secretEncrypted)];
    if (claimed.endpoint.previousSecretEncrypted) keys.push(keyOf(claimed.endpoint.previousSecretEncrypted));
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
        "webhook-signature": signWebhookWithKeys(keys, claimed.id, sentAt, body),
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

  const now = ctx.now();
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const delay = ok ? null : retryDelayMs(claimed.attempt, ctx.random);
  const outcome: DeliveryOutcome = ok ? "succeeded" : delay === null ? "failed" : "retrying";
  await settle({
    id: claimed.id,
    vendorId: claimed.vendorId,
    lease: claimed.lease,
    status: outcome === "retrying" ? "pending" : outcome,
    attempt: claimed.attempt,
    statusCode: result.statusCode,
    durationMs: result.durationMs,
    snippet: result.snippet,
    error: ok ? null : (result.error ?? `HTTP ${result.statusCode ?? "error"}`),
    at: now,
    nextAttemptAt: delay === null ? null : new Date(now.getTime() + delay),
  });
  return outcome;
}

function unsent(ctx: DeliveryContext, claimed: ClaimedDelivery, reason: string): SettleItem {
  return {
    id: claimed.id,
    vendorId: claimed.vendorId,
    lease: claimed.lease,
    status: "failed",
    attempt: null,
    statusCode: null,
    durationMs: 0,
    snippet: null,
    error: reason,
    at: ctx.now(),
    nextAttemptAt: null,
  };
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
  for (let e: unknown = error, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "40P01" || code === "40001") return true;
  }
  return false;
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
  const agents = createWebhookAgents(concurrency);
  const flagAfterFailures = options.flagAfterFailures ?? FLAG_AFTER_CONSECUTIVE_FAILURES;
  const ctx: DeliveryContext = {
    db: options.db,
    secrets: options.secrets,
    allowPrivateUrls: options.allowPrivateUrls,
    timeoutMs,
    agents,
    now: options.now ?? (() => new Date()),
    random: options.random ?? Math.random,
    // Every delivery checks the addresses again; the answer itself is reused for a few seconds.
    lookup: cachedLookup(options.lookup ?? systemLookup, { ttlMs: LOOKUP_CACHE_MS }),
    flagAfterFailures,
    settle: createSettler(options.db, flagAfterFailures),
    signingKeys: new SigningKeyCache(options.secrets),
  };
  // Claiming a handful of rows costs about as much as claiming many: under load, wait until
  // half of the slots are free (with nothing in flight, claim whatever is due).
  const claimAtLeast = Math.max(1, Math.floor(concurrency / 2));

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
      if (free >= claimAtLeast || (free > 0 && inFlight.size === 0)) {
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

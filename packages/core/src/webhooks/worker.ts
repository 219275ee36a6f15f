import type { Database, DbHandle } from "@keyway/db";
import type { SecretBox } from "../shared/secrets";
import { type ClaimedDelivery, claimDueDeliveries } from "./claim-due-deliveries";
import { type DeliveryContext, deliverClaimed } from "./deliver-claimed";
import { createWebhookAgents } from "./post-webhook";
import { createSettler } from "./settle-deliveries";
import { SigningKeyCache } from "./signing-key-cache";
import { cachedLookup, type LookupAll, systemLookup } from "./url-guard";
import { WEBHOOK_WAKE_CHANNEL } from "./wake";

/**
 * The outbox delivery loop: claims due rows (claim-due-deliveries.ts), sends each
 * (deliver-claimed.ts) and records outcomes in group commits (settle-deliveries.ts).
 */

/** An endpoint is flagged for the console once this many attempts in a row have failed. */
export const FLAG_AFTER_CONSECUTIVE_FAILURES = 10;

/** How long a worker reuses a host's DNS answer (the addresses are still checked each time). */
export const LOOKUP_CACHE_MS = 10_000;

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

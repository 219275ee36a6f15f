import type { Database } from "@keyway/db";
import type { OrderSettings } from "../commerce/create-order";
import { type SweepParams, type SweepResult, setAsideFirstDue } from "./sweep";
import { sweepLicenses } from "./sweep-licenses";
import { sweepOrders } from "./sweep-orders";
import { sweepDeadSeats } from "./sweep-seats";
import { sweepSubscriptions } from "./sweep-subscriptions";

/**
 * The scheduler: turns due times in the database into events, exactly once, with any number of
 * processes (each sweep claims its rows with `FOR UPDATE SKIP LOCKED` and marks them done in the
 * transaction that records their events). Nothing lives in memory between runs: the due times
 * are columns (`lifecycle_due_at`, `orders.expires_at`), re-armed by triggers on any change.
 */

export const DEFAULT_BATCH_SIZE = 500;

/**
 * The share of its time the worker's scheduler spends sweeping while a backlog lasts: after a full
 * batch that took t ms it rests t × (1 − d) / d ms. Due work is background work; a burst of 10k
 * reminders must not take the CPU that verifications need (measured in `pnpm bench`).
 */
export const SCHEDULER_DUTY_CYCLE = 0.25;

/** Rows per transaction in the worker: short batches keep verification's tail latency flat. */
export const WORKER_BATCH_SIZE = 200;

export interface RunSchedulerParams {
  now: Date;
  orderSettings: OrderSettings;
  batchSize?: number;
  onError?: (error: unknown) => void;
  /** 0 < d ≤ 1: rest between full batches (SCHEDULER_DUTY_CYCLE); 1 (default) rests not at all. */
  dutyCycle?: number;
}

export interface SchedulerRun {
  /** Rows looked at, by sweep. */
  licenses: number;
  subscriptions: number;
  orders: number;
  /** Floating seats found past their heartbeat window (lifecycle/sweep-seats.ts). */
  seats: number;
  /** Events recorded. */
  events: number;
}

/** Runs the three sweeps until nothing is due at `now`. */
export async function runScheduler(db: Database, params: RunSchedulerParams): Promise<SchedulerRun> {
  const sweep: SweepParams = {
    now: params.now,
    orderSettings: params.orderSettings,
    batchSize: params.batchSize ?? DEFAULT_BATCH_SIZE,
    onError: params.onError,
  };
  const run: SchedulerRun = { licenses: 0, subscriptions: 0, orders: 0, seats: 0, events: 0 };
  const duty = Math.min(1, Math.max(0.01, params.dutyCycle ?? 1));
  const add = (kind: keyof SchedulerRun, result: SweepResult) => {
    run[kind] += result.claimed;
    run.events += result.events;
  };
  const drain = async (
    kind: "licenses" | "subscriptions" | "orders" | "seats",
    once: (batchSize: number) => Promise<SweepResult>,
  ) => {
    // A batch smaller than asked means nothing more is due (or other schedulers hold it).
    for (let full = true; full; ) {
      const started = performance.now();
      let result: SweepResult;
      try {
        result = await once(sweep.batchSize);
      } catch (error) {
        // The batch rolled back whole. One row may be what fails it: go one by one, setting a
        // failing row aside for an hour, so it cannot stop every other row behind it.
        if (kind === "orders" || kind === "seats") throw error;
        params.onError?.(error);
        result = await oneByOne(kind, once);
      }
      add(kind, result);
      full = result.claimed >= sweep.batchSize;
      if (full && duty < 1) await rest(((performance.now() - started) * (1 - duty)) / duty);
    }
  };
  const oneByOne = async (
    kind: "licenses" | "subscriptions",
    once: (batchSize: number) => Promise<SweepResult>,
  ): Promise<SweepResult> => {
    const total: SweepResult = { claimed: 0, events: 0 };
    for (let i = 0; i < sweep.batchSize; i++) {
      try {
        const result = await once(1);
        if (result.claimed === 0) break;
        total.claimed += result.claimed;
        total.events += result.events;
      } catch (error) {
        params.onError?.(error);
        await setAsideFirstDue(db, kind, params.now);
        total.claimed += 1;
      }
    }
    return total;
  };
  await drain("licenses", (batchSize) => sweepLicenses(db, { ...sweep, batchSize }));
  await drain("subscriptions", (batchSize) => sweepSubscriptions(db, { ...sweep, batchSize }));
  await drain("orders", (batchSize) => sweepOrders(db, { ...sweep, batchSize }));
  await drain("seats", (batchSize) => sweepDeadSeats(db, { now: sweep.now, batchSize }));
  return run;
}

const rest = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface SchedulerOptions {
  db: Database;
  orderSettings: OrderSettings;
  /** Pause between runs (SCHEDULER_INTERVAL_MS). */
  intervalMs: number;
  batchSize?: number;
  now?: () => Date;
  onError?: (error: unknown) => void;
}

export interface Scheduler {
  /** Runs at once, then every `intervalMs` after each run ends. */
  start(): Promise<void>;
  /** Stops the loop and waits for a run in progress. */
  stop(): Promise<void>;
  /** One run now (tests, tools). */
  runOnce(): Promise<SchedulerRun>;
}

/** The worker's scheduler loop: a failed run is reported once and the next one tries again. */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? (() => {});
  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<unknown> | null = null;

  const runOnce = () =>
    runScheduler(options.db, {
      now: now(),
      orderSettings: options.orderSettings,
      batchSize: options.batchSize ?? WORKER_BATCH_SIZE,
      onError,
      dutyCycle: SCHEDULER_DUTY_CYCLE,
    });

  function tick() {
    timer = null;
    current = runOnce()
      .catch(onError)
      .finally(() => {
        current = null;
        if (running) timer = setTimeout(tick, options.intervalMs);
      });
  }

  return {
    async start() {
      if (running) return;
      running = true;
      tick();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await current;
    },
    runOnce,
  };
}

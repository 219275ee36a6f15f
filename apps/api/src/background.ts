import { createMessageWorker, createScheduler, createWebhookWorker } from "@keyway/core";
import type { AppDeps } from "./deps";

interface ErrorLog {
  error(obj: unknown, msg?: string): void;
}

/** One background loop of the worker: started after the server listens, stopped before it closes. */
export interface BackgroundTask {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface Background {
  stop(): Promise<void>;
}

/**
 * The worker's loops with the host's settings, in the API process (WORKER=true) or in
 * `pnpm worker`: webhook delivery (the outbox), the scheduler (due times into events) and
 * customer messages. Any number of processes can run them against one Postgres; each claims its
 * rows with `FOR UPDATE SKIP LOCKED`.
 */
export async function startBackground(deps: AppDeps, log: ErrorLog): Promise<Background> {
  const tasks: BackgroundTask[] = [
    createWebhookWorker({
      db: deps.db,
      secrets: deps.secrets,
      allowPrivateUrls: deps.config.allowPrivateWebhookUrls,
      timeoutMs: deps.config.WEBHOOK_TIMEOUT_MS,
      listen: deps.dbHandle.listen,
      onError: (err) => log.error({ err }, "webhook worker error"),
    }),
    // Due times into events: reminders, expiries, subscription cycles, unpaid orders.
    createScheduler({
      db: deps.db,
      orderSettings: deps.orders,
      intervalMs: deps.config.SCHEDULER_INTERVAL_MS,
      onError: (err) => log.error({ err }, "scheduler error"),
    }),
    // Reminders and notices to customers (the customer-message outbox), by email or SMS.
    createMessageWorker({
      db: deps.db,
      sender: deps.notifier,
      intervalMs: deps.config.SCHEDULER_INTERVAL_MS,
      onError: (err) => log.error({ err }, "customer message worker error"),
    }),
  ];
  const started: BackgroundTask[] = [];
  for (const task of tasks) {
    await task.start();
    started.push(task);
  }
  return {
    async stop() {
      await Promise.all(started.map((task) => task.stop()));
    },
  };
}

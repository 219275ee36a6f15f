import type { Database } from "@keyway/db";
import type { MessageSender } from "../notify/notifier";
import { deliverDueMessages } from "./deliver-messages";

export interface MessageWorkerOptions {
  db: Database;
  sender: MessageSender;
  /** How often it looks for due messages (SCHEDULER_INTERVAL_MS: messages are queued by the scheduler). */
  intervalMs: number;
  /** Messages sent at once. */
  batchSize?: number;
  /** Per send (see deliverDueMessages). */
  timeoutMs?: number;
  /** The clock (tests move it instead of sleeping). */
  now?: () => Date;
  random?: () => number;
  onError?: (error: unknown) => void;
}

export interface MessageWorker {
  start(): Promise<void>;
  /** Stops looking; a batch being sent finishes first. */
  stop(): Promise<void>;
  /** Sends one batch of due messages; how many were handled. (Tests, tools.) */
  runOnce(): Promise<number>;
}

/**
 * The customer-message delivery loop (deliver-messages.ts) every `intervalMs`, until nothing is
 * due. Any number can run against one database; an error is reported and the loop goes on.
 */
export function createMessageWorker(options: MessageWorkerOptions): MessageWorker {
  const batchSize = options.batchSize ?? 20;
  const onError = options.onError ?? (() => {});
  const now = options.now ?? (() => new Date());
  let running = false;
  let loopDone: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;

  const runOnce = async () => {
    const counts = await deliverDueMessages(options.db, {
      sender: options.sender,
      now,
      limit: batchSize,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
    return counts.claimed;
  };

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  async function loop() {
    while (running) {
      try {
        // A full batch means more may be due: go on at once.
        while (running && (await runOnce()) === batchSize) {}
      } catch (error) {
        onError(error);
      }
      if (running) await pause(options.intervalMs);
    }
  }

  return {
    async start() {
      if (running) return;
      running = true;
      loopDone = loop();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loopDone;
      loopDone = null;
    },
    runOnce,
  };
}

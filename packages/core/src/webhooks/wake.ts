import { type Executor, sql } from "@keyway/db";

/** NOTIFY channel that wakes delivery workers; a NOTIFY inside a transaction fires at its commit. */
export const WEBHOOK_WAKE_CHANNEL = "keyway_webhooks";

export async function wakeWebhookWorkers(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_notify(${WEBHOOK_WAKE_CHANNEL}, '')`);
}

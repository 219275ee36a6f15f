import { and, type Executor, eq, webhookDeliveries } from "@keyway/db";
import type { WebhookDelivery } from "@keyway/schema";
import { DomainError } from "../shared/errors";
import { getWebhookDelivery } from "./list-webhook-deliveries";
import { wakeWebhookWorkers } from "./wake";
import { loadWebhookEndpoint } from "./webhook-endpoint-view";

/**
 * Sends a delivery again, now, with a fresh retry schedule and the same `webhook-id` (so a
 * receiver that already processed it can tell). A delivery a worker is sending right now
 * cannot be replayed until that attempt ends.
 */
export async function replayWebhookDelivery(
  db: Executor,
  params: { vendorId: string; id: string; now?: Date },
): Promise<WebhookDelivery> {
  const now = params.now ?? new Date();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.id, params.id), eq(webhookDeliveries.vendorId, params.vendorId)))
      .for("update");
    if (!row) throw new DomainError("not_found", "Webhook delivery not found.");
    const endpoint = await loadWebhookEndpoint(tx, params.vendorId, row.endpointId).catch(() => null);
    if (!endpoint || endpoint.disabledAt)
      throw new DomainError("conflict", "The delivery's endpoint is disabled or deleted.");
    if (row.status === "pending" && row.lockedUntil && row.lockedUntil > now)
      throw new DomainError("conflict", "The delivery is being sent right now; try again shortly.");
    await tx
      .update(webhookDeliveries)
      .set({
        status: "pending",
        attempts: 0,
        nextAttemptAt: now,
        lockedUntil: null,
        lastError: null,
        deliveredAt: null,
        updatedAt: now,
      })
      .where(eq(webhookDeliveries.id, row.id));
    await wakeWebhookWorkers(tx);
  });
  return getWebhookDelivery(db, params);
}

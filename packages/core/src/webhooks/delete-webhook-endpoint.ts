import { type Executor, eq, webhookEndpoints } from "@keyway/db";
import { failPendingDeliveries } from "./update-webhook-endpoint";
import { loadWebhookEndpoint } from "./webhook-endpoint-view";

/**
 * Soft delete: the endpoint stops receiving and leaves the lists, but its delivery log stays
 * (deliveries reference it).
 */
export async function deleteWebhookEndpoint(
  db: Executor,
  params: { vendorId: string; id: string; now?: Date },
): Promise<{ id: string; deleted: true }> {
  const now = params.now ?? new Date();
  return db.transaction(async (tx) => {
    const current = await loadWebhookEndpoint(tx, params.vendorId, params.id);
    await tx
      .update(webhookEndpoints)
      .set({ deletedAt: now, disabledAt: current.disabledAt ?? now, updatedAt: now })
      .where(eq(webhookEndpoints.id, current.id));
    await failPendingDeliveries(tx, current.id, "endpoint deleted", now);
    return { id: current.id, deleted: true as const };
  });
}

import { and, desc, type Executor, eq, isNull, webhookEndpoints } from "@keyway/db";
import type { WebhookEndpoint } from "@keyway/schema";
import { loadWebhookEndpoint, toWebhookEndpointView } from "./webhook-endpoint-view";

/** The vendor's endpoints, newest first (deleted ones are not listed). */
export async function listWebhookEndpoints(
  db: Executor,
  params: { vendorId: string; now?: Date },
): Promise<{ items: WebhookEndpoint[] }> {
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.vendorId, params.vendorId), isNull(webhookEndpoints.deletedAt)))
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
  const now = params.now ?? new Date();
  return { items: rows.map((row) => toWebhookEndpointView(row, now)) };
}

export async function getWebhookEndpoint(
  db: Executor,
  params: { vendorId: string; id: string; now?: Date },
): Promise<WebhookEndpoint> {
  return toWebhookEndpointView(await loadWebhookEndpoint(db, params.vendorId, params.id), params.now);
}

import { and, type Executor, eq, webhookDeliveries, webhookEndpoints } from "@keyway/db";
import type { WebhookEndpoint } from "@keyway/schema";
import { DomainError } from "../shared/errors";
import { parseWebhookUrl, resolveWebhookTarget } from "./url-guard";
import {
  loadWebhookEndpoint,
  toWebhookEndpointView,
  validateEventSelection,
  type WebhookEndpointDeps,
} from "./webhook-endpoint-view";

export interface UpdateWebhookEndpointParams extends WebhookEndpointDeps {
  vendorId: string;
  id: string;
  url?: string | undefined;
  description?: string | null | undefined;
  format?: "native" | "biznoq" | undefined;
  events?: readonly string[] | undefined;
  /** `true` stops deliveries: pending ones end as failed (replayable); `false` resumes. */
  disabled?: boolean | undefined;
  now?: Date;
}

export async function updateWebhookEndpoint(
  db: Executor,
  params: UpdateWebhookEndpointParams,
): Promise<WebhookEndpoint> {
  const now = params.now ?? new Date();
  return db.transaction(async (tx) => {
    const current = await loadWebhookEndpoint(tx, params.vendorId, params.id);
    const format = params.format ?? current.format;
    const events = validateEventSelection(format, params.events ?? current.events);
    let url = current.url;
    if (params.url !== undefined) {
      const parsed = parseWebhookUrl(params.url);
      await resolveWebhookTarget(parsed, params.urlPolicy);
      url = parsed.toString();
    }
    const disabledAt =
      params.disabled === undefined
        ? current.disabledAt
        : params.disabled
          ? (current.disabledAt ?? now)
          : null;
    const [row] = await tx
      .update(webhookEndpoints)
      .set({
        url,
        format,
        events,
        description: params.description === undefined ? current.description : params.description || null,
        disabledAt,
        // Re-enabling is the vendor saying the receiver is fixed.
        ...(params.disabled === false ? { consecutiveFailures: 0, flaggedAt: null } : {}),
        updatedAt: now,
      })
      .where(eq(webhookEndpoints.id, current.id))
      .returning();
    if (!row) throw new DomainError("not_found", "Webhook endpoint not found.");
    if (disabledAt && !current.disabledAt)
      await failPendingDeliveries(tx, current.id, "endpoint disabled", now);
    return toWebhookEndpointView(row, now);
  });
}

/** Ends the endpoint's pending deliveries as failed; they stay listed and can be replayed. */
export async function failPendingDeliveries(
  tx: Executor,
  endpointId: string,
  reason: string,
  now: Date,
): Promise<void> {
  await tx
    .update(webhookDeliveries)
    .set({ status: "failed", lastError: reason, lockedUntil: null, updatedAt: now })
    .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, "pending")));
}

import { type Executor, eq, webhookEndpoints } from "@keyway/db";
import type { WebhookEndpointWithSecret } from "@keyway/schema";
import { DomainError } from "../shared/errors";
import type { SecretBox } from "../shared/secrets";
import { generateWebhookSecret } from "./signing";
import { loadWebhookEndpoint, toWebhookEndpointView } from "./webhook-endpoint-view";

export interface RotateWebhookSecretParams {
  vendorId: string;
  id: string;
  /** The previous secret also signs for this long (0: stop at once). */
  overlapHours: number;
  secrets: SecretBox;
  now?: Date;
}

/**
 * Replaces the signing secret. During the overlap every delivery carries two signatures
 * (Standard Webhooks allows several), so the vendor can swap secrets without dropping one.
 */
export async function rotateWebhookSecret(
  db: Executor,
  params: RotateWebhookSecretParams,
): Promise<WebhookEndpointWithSecret> {
  const now = params.now ?? new Date();
  const current = await loadWebhookEndpoint(db, params.vendorId, params.id);
  const secret = generateWebhookSecret();
  const overlap = params.overlapHours > 0;
  const [row] = await db
    .update(webhookEndpoints)
    .set({
      secretEncrypted: params.secrets.seal(secret),
      previousSecretEncrypted: overlap ? current.secretEncrypted : null,
      previousSecretExpiresAt: overlap ? new Date(now.getTime() + params.overlapHours * 3_600_000) : null,
      updatedAt: now,
    })
    .where(eq(webhookEndpoints.id, current.id))
    .returning();
  if (!row) throw new DomainError("not_found", "Webhook endpoint not found.");
  return { ...toWebhookEndpointView(row, now), secret };
}

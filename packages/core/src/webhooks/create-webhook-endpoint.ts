import { type Executor, webhookEndpoints } from "@keyway/db";
import type { WebhookEndpointWithSecret } from "@keyway/schema";
import { DomainError } from "../shared/errors";
import { generateWebhookSecret } from "./signing";
import { parseWebhookUrl, resolveWebhookTarget } from "./url-guard";
import {
  toWebhookEndpointView,
  validateEventSelection,
  type WebhookEndpointDeps,
} from "./webhook-endpoint-view";

export interface CreateWebhookEndpointParams extends WebhookEndpointDeps {
  vendorId: string;
  url: string;
  description?: string | undefined;
  format: "native" | "biznoq";
  /** Empty: every event the format allows. */
  events: readonly string[];
  now?: Date;
}

/**
 * Registers an endpoint and generates its signing secret. The secret is stored encrypted and
 * returned only here (and by a rotation).
 */
export async function createWebhookEndpoint(
  db: Executor,
  params: CreateWebhookEndpointParams,
): Promise<WebhookEndpointWithSecret> {
  const url = parseWebhookUrl(params.url);
  const events = validateEventSelection(params.format, params.events);
  await resolveWebhookTarget(url, params.urlPolicy);
  const secret = generateWebhookSecret();
  const now = params.now ?? new Date();
  const [row] = await db
    .insert(webhookEndpoints)
    .values({
      vendorId: params.vendorId,
      url: url.toString(),
      description: params.description || null,
      format: params.format,
      events,
      secretEncrypted: params.secrets.seal(secret),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new DomainError("internal", "The endpoint was not saved.");
  return { ...toWebhookEndpointView(row, now), secret };
}

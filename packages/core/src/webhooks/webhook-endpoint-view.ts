import { and, type Executor, eq, isNull, webhookEndpoints } from "@keyway/db";
import type { WebhookEndpoint } from "@keyway/schema";
import { webhookEventTypes } from "../events/event-types";
import { DomainError } from "../shared/errors";
import type { SecretBox } from "../shared/secrets";
import { biznoqCarries } from "./render-body";
import type { WebhookUrlPolicy } from "./url-guard";

/** What the endpoint use cases need besides the database: the at-rest key and the URL policy. */
export interface WebhookEndpointDeps {
  secrets: SecretBox;
  urlPolicy: WebhookUrlPolicy;
}

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;

export function toWebhookEndpointView(row: WebhookEndpointRow, now: Date = new Date()): WebhookEndpoint {
  const overlapOpen =
    row.previousSecretEncrypted !== null &&
    row.previousSecretExpiresAt !== null &&
    row.previousSecretExpiresAt > now;
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    format: row.format,
    events: row.events,
    status: row.disabledAt ? "disabled" : "active",
    flaggedAt: row.flaggedAt?.toISOString() ?? null,
    consecutiveFailures: row.consecutiveFailures,
    previousSecretExpiresAt: overlapOpen ? (row.previousSecretExpiresAt?.toISOString() ?? null) : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A live (not deleted) endpoint of this vendor, or not_found. */
export async function loadWebhookEndpoint(
  db: Executor,
  vendorId: string,
  endpointId: string,
): Promise<WebhookEndpointRow> {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.id, endpointId),
        eq(webhookEndpoints.vendorId, vendorId),
        isNull(webhookEndpoints.deletedAt),
      ),
    );
  if (!row) throw new DomainError("not_found", "Webhook endpoint not found.");
  return row;
}

const known = new Set<string>(webhookEventTypes);

/** Known event types only, de-duplicated; a `biznoq` endpoint takes payment events only. */
export function validateEventSelection(format: "native" | "biznoq", events: readonly string[]): string[] {
  const unique = [...new Set(events)];
  const unknown = unique.filter((e) => !known.has(e));
  if (unknown.length > 0)
    throw new DomainError("invalid_input", `Unknown event type: ${unknown.join(", ")}.`, {
      unknown,
      known: [...webhookEventTypes],
    });
  if (format === "biznoq") {
    const notPayment = unique.filter((e) => !biznoqCarries(e));
    if (notPayment.length > 0)
      throw new DomainError(
        "invalid_input",
        "A biznoq-format endpoint receives payment events only (payment.succeeded, payment.failed).",
        { unsupported: notPayment },
      );
  }
  return unique;
}

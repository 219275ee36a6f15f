import {
  and,
  asc,
  desc,
  type Executor,
  eq,
  inArray,
  lt,
  type SQL,
  webhookAttempts,
  webhookDeliveries,
} from "@keyway/db";
import type { WebhookAttempt, WebhookDelivery } from "@keyway/schema";
import { DomainError } from "../shared/errors";

export interface ListWebhookDeliveriesParams {
  vendorId: string;
  endpointId?: string | undefined;
  status?: "pending" | "succeeded" | "failed" | undefined;
  eventType?: string | undefined;
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string | undefined;
}

type DeliveryRow = typeof webhookDeliveries.$inferSelect;

/** Newest first, each with its attempts (oldest first). */
export async function listWebhookDeliveries(
  db: Executor,
  params: ListWebhookDeliveriesParams,
): Promise<{ items: WebhookDelivery[]; nextCursor: string | null }> {
  const where: SQL[] = [eq(webhookDeliveries.vendorId, params.vendorId)];
  if (params.endpointId) where.push(eq(webhookDeliveries.endpointId, params.endpointId));
  if (params.status) where.push(eq(webhookDeliveries.status, params.status));
  if (params.eventType) where.push(eq(webhookDeliveries.eventType, params.eventType));
  if (params.cursor !== undefined) {
    if (!/^[0-9]{1,15}$/.test(params.cursor)) throw new DomainError("invalid_input", "Invalid cursor.");
    where.push(lt(webhookDeliveries.seq, Number(params.cursor)));
  }
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(...where))
    .orderBy(desc(webhookDeliveries.seq))
    .limit(params.limit + 1);
  const page = rows.slice(0, params.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > params.limit && last ? String(last.seq) : null;
  return { items: await withAttempts(db, page), nextCursor };
}

export async function getWebhookDelivery(
  db: Executor,
  params: { vendorId: string; id: string },
): Promise<WebhookDelivery> {
  const [row] = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, params.id), eq(webhookDeliveries.vendorId, params.vendorId)));
  if (!row) throw new DomainError("not_found", "Webhook delivery not found.");
  const [view] = await withAttempts(db, [row]);
  if (!view) throw new DomainError("not_found", "Webhook delivery not found.");
  return view;
}

async function withAttempts(db: Executor, rows: DeliveryRow[]): Promise<WebhookDelivery[]> {
  if (rows.length === 0) return [];
  const attempts = await db
    .select()
    .from(webhookAttempts)
    .where(
      inArray(
        webhookAttempts.deliveryId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(webhookAttempts.createdAt), asc(webhookAttempts.attempt));
  const byDelivery = new Map<string, WebhookAttempt[]>();
  for (const a of attempts) {
    const list = byDelivery.get(a.deliveryId) ?? [];
    list.push({
      id: a.id,
      attempt: a.attempt,
      statusCode: a.statusCode,
      durationMs: a.durationMs,
      responseSnippet: a.responseSnippet,
      error: a.error,
      createdAt: a.createdAt.toISOString(),
    });
    byDelivery.set(a.deliveryId, list);
  }
  return rows.map((r) => toWebhookDeliveryView(r, byDelivery.get(r.id) ?? []));
}

export function toWebhookDeliveryView(row: DeliveryRow, attemptLog: WebhookAttempt[]): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpointId,
    eventId: row.eventId,
    eventType: row.eventType,
    subjectId: row.subjectId,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === "pending" ? row.nextAttemptAt.toISOString() : null,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    payload: row.payload,
    attemptLog,
  };
}

import {
  and,
  type Executor,
  eq,
  events,
  inArray,
  isNull,
  newId,
  webhookDeliveries,
  webhookEndpoints,
} from "@keyway/db";
import { AuditActor } from "@keyway/schema";
import { noteLicenseWrite } from "../licensing/verification-cache-write-marks";
import { biznoqCarries } from "../webhooks/render-body";
import { wakeWebhookWorkers } from "../webhooks/wake";
import { type AuditEventType, type WebhookEventType, webhookEventTypes } from "./event-types";

export interface RecordEventParams {
  vendorId: string;
  type: AuditEventType;
  subjectType: "license" | "order" | "subscription" | "payment" | "endpoint" | "signing_key";
  subjectId: string;
  licenseId?: string | null;
  actor?: string;
  /** The event's public data: the native webhook `data`, and what format adapters read. */
  data: Record<string, unknown>;
  now?: Date;
}

const deliverable = new Set<string>(webhookEventTypes);

/**
 * Writes the audit event and, for webhook event types, one outbox row per subscribed endpoint.
 * Call it inside the transaction that makes the change, so both commit or neither does.
 */
export async function recordEvent(tx: Executor, params: RecordEventParams): Promise<{ eventId: string }> {
  const createdAt = params.now ?? new Date();
  const eventId = newId("evt");
  await tx.insert(events).values({
    id: eventId,
    vendorId: params.vendorId,
    type: params.type,
    subjectType: params.subjectType,
    subjectId: params.subjectId,
    licenseId: params.licenseId ?? null,
    actor: params.actor ?? AuditActor.system,
    data: params.data,
    createdAt,
  });
  if (!deliverable.has(params.type)) return { eventId };

  const endpoints = await tx
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events, format: webhookEndpoints.format })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.vendorId, params.vendorId),
        isNull(webhookEndpoints.disabledAt),
        isNull(webhookEndpoints.deletedAt),
      ),
    );
  const wanted = endpoints.filter((e) => wants(e, params.type));
  if (wanted.length === 0) return { eventId };

  await tx
    .insert(webhookDeliveries)
    .values(wanted.map((endpoint) => delivery(endpoint, eventId, params, createdAt)));
  // Delivered at commit: wakes the workers at once instead of at their next poll.
  await wakeWebhookWorkers(tx);
  return { eventId };
}

/** An endpoint takes this event type (all types when it lists none). */
function wants(endpoint: { events: string[]; format: string }, type: string): boolean {
  return (
    (endpoint.events.length === 0 || endpoint.events.includes(type)) &&
    // A biznoq body exists for payment events only.
    (endpoint.format !== "biznoq" || biznoqCarries(type))
  );
}

function delivery(endpoint: { id: string }, eventId: string, params: RecordEventParams, createdAt: Date) {
  return {
    vendorId: params.vendorId,
    endpointId: endpoint.id,
    eventId,
    eventType: params.type as WebhookEventType,
    subjectId: params.licenseId ?? params.subjectId,
    payload: { id: eventId, type: params.type, created_at: createdAt.toISOString(), data: params.data },
    nextAttemptAt: createdAt,
  };
}

/**
 * `recordEvent` for many events at once (the scheduler's sweeps): the same rows, in three
 * statements for the whole list instead of three per event. Returns the event ids in order;
 * deliveries keep the list's order (their `seq`), per subject.
 */
export async function recordEvents(tx: Executor, list: RecordEventParams[]): Promise<{ eventId: string }[]> {
  if (list.length === 0) return [];
  const rows = list.map((params) => ({ params, eventId: newId("evt"), createdAt: params.now ?? new Date() }));
  await tx.insert(events).values(
    rows.map(({ params, eventId, createdAt }) => ({
      id: eventId,
      vendorId: params.vendorId,
      type: params.type,
      subjectType: params.subjectType,
      subjectId: params.subjectId,
      licenseId: params.licenseId ?? null,
      actor: params.actor ?? AuditActor.system,
      data: params.data,
      createdAt,
    })),
  );
  const deliverableRows = rows.filter((r) => deliverable.has(r.params.type));
  const vendorIds = [...new Set(deliverableRows.map((r) => r.params.vendorId))];
  if (vendorIds.length > 0) {
    const endpoints = await tx
      .select({
        id: webhookEndpoints.id,
        vendorId: webhookEndpoints.vendorId,
        events: webhookEndpoints.events,
        format: webhookEndpoints.format,
      })
      .from(webhookEndpoints)
      .where(
        and(
          inArray(webhookEndpoints.vendorId, vendorIds),
          isNull(webhookEndpoints.disabledAt),
          isNull(webhookEndpoints.deletedAt),
        ),
      );
    const deliveries = deliverableRows.flatMap(({ params, eventId, createdAt }) =>
      endpoints
        .filter((e) => e.vendorId === params.vendorId && wants(e, params.type))
        .map((endpoint) => delivery(endpoint, eventId, params, createdAt)),
    );
    if (deliveries.length > 0) {
      await tx.insert(webhookDeliveries).values(deliveries);
      await wakeWebhookWorkers(tx);
    }
  }
  return rows.map((r) => ({ eventId: r.eventId }));
}

/**
 * `recordEvent` for a change to one license: the subject and ordering key are the license, and
 * the data says whether it is a test-mode license (`test_mode`).
 */
export function recordLicenseEvent(
  tx: Executor,
  license: { id: string; vendorId: string; testMode: boolean },
  params: Omit<RecordEventParams, "vendorId" | "subjectType" | "subjectId" | "licenseId">,
): Promise<{ eventId: string }> {
  noteLicenseWrite(license.id);
  return recordEvent(tx, {
    ...params,
    data: { ...params.data, test_mode: license.testMode },
    vendorId: license.vendorId,
    subjectType: "license",
    subjectId: license.id,
    licenseId: license.id,
  });
}

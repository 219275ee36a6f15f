import { sql } from "drizzle-orm";
import { bigserial, check, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, tstz, updatedAt, vendorId } from "./columns";
import { vendors } from "./vendors";

export type WebhookFormat = "native" | "biznoq";

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: id("we"),
    vendorId: vendorId().references(() => vendors.id),
    url: text("url").notNull(),
    description: text("description"),
    format: text("format").$type<WebhookFormat>().notNull().default("native"),
    /** Event types it wants; empty means all. */
    events: jsonb("events").$type<string[]>().notNull().default([]),
    /** Standard Webhooks secret (`whsec_…`), encrypted with the server key: signing needs it back. */
    secretEncrypted: text("secret_encrypted").notNull(),
    /** After a rotation the old secret also signs until this instant. */
    previousSecretEncrypted: text("previous_secret_encrypted"),
    previousSecretExpiresAt: tstz("previous_secret_expires_at"),
    disabledAt: tstz("disabled_at"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    /** Set after repeated failures, for the console to show. */
    flaggedAt: tstz("flagged_at"),
    /** Soft delete: hidden from lists, receives nothing, keeps its delivery log. */
    deletedAt: tstz("deleted_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("webhook_endpoints_vendor_idx").on(t.vendorId),
    check("webhook_endpoints_format", sql`${t.format} in ('native','biznoq')`),
  ],
);

export type DeliveryStatus = "pending" | "succeeded" | "failed";

/**
 * The outbox: one row per (event, endpoint), written in the same transaction as the change it
 * announces. Its id is the `webhook-id` header, stable across retries.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id("msg"),
    /** Commit order, for per-license ordering and cursor pagination. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    vendorId: vendorId().references(() => vendors.id),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id),
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    /** Ordering key: deliveries for the same subject go out in `seq` order. */
    subjectId: text("subject_id"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status").$type<DeliveryStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: tstz("next_attempt_at").notNull().defaultNow(),
    /** A worker owns the row until then; a crashed worker's row becomes due again. */
    lockedUntil: tstz("locked_until"),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    deliveredAt: tstz("delivered_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_seq_key").on(t.seq),
    uniqueIndex("webhook_deliveries_event_endpoint_key").on(t.eventId, t.endpointId),
    /**
     * The worker's claim walks pending rows in commit order; without it the walk starts at the
     * oldest delivery ever made and passes every delivered row on each claim.
     */
    index("webhook_deliveries_pending_seq_idx").on(t.seq).where(sql`${t.status} = 'pending'`),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.seq),
    /** The worker's "is an older delivery for this subject still pending?" check. */
    index("webhook_deliveries_pending_subject_idx")
      .on(t.endpointId, t.subjectId, t.seq)
      .where(sql`${t.status} = 'pending'`),
    check("webhook_deliveries_status", sql`${t.status} in ('pending','succeeded','failed')`),
  ],
);

/** Every delivery attempt: status, duration, first bytes of the answer. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: id("att"),
    vendorId: vendorId().references(() => vendors.id),
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id),
    attempt: integer("attempt").notNull(),
    statusCode: integer("status_code"),
    durationMs: integer("duration_ms").notNull(),
    responseSnippet: text("response_snippet"),
    error: text("error"),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId, t.attempt)],
);

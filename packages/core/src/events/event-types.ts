import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@keyway/schema";

/** Event types vendors can subscribe to (listed once, in the schema): the audit trail's vocabulary too. */
export const webhookEventTypes = WEBHOOK_EVENT_TYPES;
export type { WebhookEventType };

/** Audit-only events (not offered to webhooks). */
export type AuditEventType =
  | WebhookEventType
  | "license.created"
  | "license.bound"
  | "license.released"
  | "license.extended"
  | "order.created"
  | "order.cancelled"
  | "payment.refused"
  | "webhook.test";

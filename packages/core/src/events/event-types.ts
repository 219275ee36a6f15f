/** Event types vendors can subscribe to; also the audit trail's vocabulary. */
export const webhookEventTypes = [
  "payment.succeeded",
  "payment.failed",
  "license.activated",
  "license.renewed",
  "license.expired",
  "license.suspended",
  "license.reinstated",
  "license.revoked",
  "subscription.created",
  "subscription.renewed",
  "subscription.cancelled",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** Audit-only events (not offered to webhooks). */
export type AuditEventType =
  | WebhookEventType
  | "license.created"
  | "license.bound"
  | "license.released"
  | "license.extended"
  | "order.created"
  | "order.cancelled"
  | "order.expired"
  | "payment.refused"
  | "webhook.test";

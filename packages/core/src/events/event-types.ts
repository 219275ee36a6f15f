import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@keyway/schema";

/** Event types vendors can subscribe to (listed once, in the schema): the audit trail's vocabulary too. */
export const webhookEventTypes = WEBHOOK_EVENT_TYPES;
export type { WebhookEventType };

/** Audit-only events (not offered to webhooks). */
export type AuditEventType =
  | WebhookEventType
  | "license.created"
  /** Moved in from another system (licensing/import); not a webhook: the vendor did it. */
  | "license.imported"
  | "license.bound"
  | "license.released"
  | "license.extended"
  /** A `first_activation` license's term started at its first use (licensing/start-clock.ts). */
  | "license.clock_started"
  | "order.created"
  | "order.cancelled"
  /** A subscription set to cancel at period end (`subscription.cancelled` fires when it ends). */
  | "subscription.cancel_scheduled"
  | "payment.refused"
  | "webhook.test"
  /** A reminder or notice reached the customer (messages/deliver-messages.ts). */
  | "message.sent"
  | "message.failed"
  /** Support sent the purchase message again (messages/resend-purchase.ts): causes its copy. */
  | "message.resent"
  /** The vendor's signing keys changed (certificates/signing-keys.ts); subject: the key's kid. */
  | "signing_key.rotated"
  | "signing_key.retired"
  | "signing_key.revoked";

import { z } from "zod";
import { multiLine, singleLine } from "./primitives";

/**
 * Webhook endpoint and delivery contracts (browser-safe), shared by the API, the console and
 * the typed client. Dates are ISO strings.
 */

export const WEBHOOK_FORMATS = ["native", "biznoq"] as const;

/** Event types vendors can subscribe to; also the audit trail's vocabulary. */
export const WEBHOOK_EVENT_TYPES = [
  "payment.succeeded",
  "payment.failed",
  "payment.refunded",
  "dispute.opened",
  "dispute.closed",
  "license.activated",
  "license.renewed",
  "license.expiring_soon",
  "license.expired",
  "license.grace_ended",
  "license.suspended",
  "license.reinstated",
  "license.revoked",
  "license.updated",
  "license.key_reissued",
  "activation.dead",
  "subscription.created",
  "subscription.renewed",
  "subscription.renewal_due",
  "subscription.past_due",
  "subscription.cancelled",
  "subscription.expired",
  "order.expired",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * The event catalog: when each type is sent. One list for the README, `/openapi.json` and the
 * console; a test proves each is sent somewhere (apps/api/test/event-catalog.test.ts).
 */
export const WEBHOOK_EVENT_CATALOG: Record<WebhookEventType, string> = {
  "payment.succeeded":
    "A gateway confirmed an order's payment (the license is issued or extended in the same change).",
  "payment.failed": "A gateway reported a failed or cancelled payment.",
  "payment.refunded":
    "Money went back to the buyer, in part or in full (through Keyway, at the provider, or recorded as paid back outside Keyway); `license_action` says what became of the licenses.",
  "dispute.opened":
    "A buyer disputed a payment with their bank or the provider; the order's licenses are suspended.",
  "dispute.closed": "A dispute was decided: `won` reinstates the licenses it suspended, `lost` revokes them.",
  "license.activated": "A license became active: its order was paid, or it was made by hand.",
  "license.renewed": "A license's term was extended by a renewal.",
  "license.expiring_soon":
    "A reminder offset before expiry was reached (the vendor's offsets, default 7 and 1 days); `days_left` says how many.",
  "license.expired": "A license's term ended (sent by the scheduler at `expires_at`).",
  "license.grace_ended": "The grace period after expiry ended (only for policies with grace days).",
  "license.suspended": "The vendor suspended a license.",
  "license.reinstated": "The vendor lifted a suspension.",
  "license.revoked": "The vendor revoked a license for good.",
  "license.updated":
    "The vendor changed a license (`PATCH /licenses/{licenseId}`): `changes` holds each changed field's `from` and `to` (metadata only says it changed).",
  "license.key_reissued":
    "A license got a new key (the vendor, or its customer in the portal); the old key stops verifying at once. Only the last 4 characters of each key are sent (`old_key_last4`, `new_key_last4`).",
  "activation.dead":
    "A floating seat missed its heartbeat window: it no longer counts and its machine must activate again (found at the next activation or by the scheduler).",
  "subscription.created": "A subscription's first period was paid.",
  "subscription.renewed": "A subscription's next period was paid (license and period extended together).",
  "subscription.renewal_due":
    "Before a period ends, a renewal order was opened for the next one; `payment_url` is its pay link.",
  "subscription.past_due": "A period ended unpaid; the license follows its grace policy.",
  "subscription.cancelled": "A subscription set to cancel at period end reached its end.",
  "subscription.expired": "A past-due subscription's grace ended unpaid.",
  "order.expired": "An unpaid order passed its time to pay.",
};

/** Payment events: the only ones a `biznoq`-format endpoint can receive (seed 000 has no other body). */
export const BIZNOQ_WEBHOOK_EVENTS = ["payment.succeeded", "payment.failed"] as const;

export const WebhookFormat = z.enum(WEBHOOK_FORMATS).meta({
  description:
    "`native`: `{id, type, created_at, data}`. `biznoq`: the Biznoq callback body (`status`, `client_txn_id`, `txn_id`, `amount`, `customer_mobile`, `udf1`, `udf2`, `udf3`); payment events only.",
});

const iso = z.string().meta({ example: "2026-05-29T13:17:32.000Z" });
const endpointId = singleLine(z.string().min(1).max(64)).meta({ example: "we_0123456789abcdefghjk" });
const deliveryId = singleLine(z.string().min(1).max(64)).meta({ example: "msg_0123456789abcdefghjk" });

const eventList = z
  .array(singleLine(z.string().min(1).max(64)))
  .max(50)
  .meta({
    description: `Event types to receive; empty means every event the format allows. Known types: ${WEBHOOK_EVENT_TYPES.map((t) => `\`${t}\` (${WEBHOOK_EVENT_CATALOG[t]})`).join("; ")}`,
    example: ["payment.succeeded"],
  });

const webhookUrl = singleLine(z.string().trim().min(1).max(2048)).meta({
  description: "An http(s) URL that answers POST with a 2xx.",
  example: "https://example.com/hooks",
});

const Description = multiLine(z.string().trim().max(500)).meta({ example: "Billing server" });

export const WebhookEndpoint = z
  .object({
    id: endpointId,
    url: z.string().meta({ example: "https://example.com/hooks" }),
    description: z.string().nullable().meta({ example: "Billing server" }),
    format: WebhookFormat,
    events: z.array(z.string()).meta({ example: ["payment.succeeded"] }),
    status: z.enum(["active", "disabled"]),
    /** Set after repeated consecutive failures; cleared by the next success. */
    flaggedAt: iso.nullable().meta({ example: null }),
    consecutiveFailures: z.number().int().meta({ example: 0 }),
    /** After a rotation, the previous secret also signs until then. */
    previousSecretExpiresAt: iso.nullable().meta({ example: null }),
    createdAt: iso,
    updatedAt: iso,
  })
  .meta({ id: "WebhookEndpoint" });
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const WebhookEndpointWithSecret = WebhookEndpoint.extend({
  secret: z.string().meta({
    description: "The Standard Webhooks signing secret. Shown only in this answer: store it now.",
    example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  }),
}).meta({ id: "WebhookEndpointWithSecret" });
export type WebhookEndpointWithSecret = z.infer<typeof WebhookEndpointWithSecret>;

export const CreateWebhookEndpointInput = z.object({
  url: webhookUrl,
  description: Description.optional(),
  format: WebhookFormat.default("native"),
  events: eventList.default([]),
});
export type CreateWebhookEndpointInput = z.infer<typeof CreateWebhookEndpointInput>;

export const UpdateWebhookEndpointInput = z.object({
  id: endpointId,
  url: webhookUrl.optional(),
  description: Description.nullable().optional(),
  format: WebhookFormat.optional(),
  events: eventList.optional(),
  /** `true` stops deliveries (pending ones are marked failed); `false` resumes. */
  disabled: z.boolean().optional(),
});
export type UpdateWebhookEndpointInput = z.infer<typeof UpdateWebhookEndpointInput>;

export const WebhookEndpointIdInput = z.object({ id: endpointId });
export const WebhookEndpointDeleted = z.object({
  id: z.string().meta({ example: "we_0123456789abcdefghjk" }),
  deleted: z.literal(true),
});

export const RotateWebhookSecretInput = z.object({
  id: endpointId,
  overlapHours: z
    .number()
    .int()
    .min(0)
    .max(168)
    .default(24)
    .meta({ description: "How long the previous secret keeps signing as well (0–168 hours).", example: 24 }),
});
export type RotateWebhookSecretInput = z.infer<typeof RotateWebhookSecretInput>;

export const WebhookEndpointList = z.object({ items: z.array(WebhookEndpoint) });

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;

export const WebhookAttempt = z
  .object({
    id: z.string().meta({ example: "att_0123456789abcdefghjk" }),
    attempt: z.number().int().meta({ example: 1 }),
    statusCode: z.number().int().nullable().meta({ example: 200 }),
    durationMs: z.number().int().meta({ example: 84 }),
    responseSnippet: z.string().nullable(),
    error: z.string().nullable(),
    createdAt: iso,
  })
  .meta({ id: "WebhookAttempt" });
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

export const WebhookDelivery = z
  .object({
    id: deliveryId.meta({ description: "The `webhook-id` header: the same on every retry." }),
    endpointId: z.string().meta({ example: "we_0123456789abcdefghjk" }),
    eventId: z.string().meta({ example: "evt_0123456789abcdefghjk" }),
    eventType: z.string().meta({ example: "payment.succeeded" }),
    subjectId: z.string().nullable().meta({ example: "ord_4k2m9x7q1v8c3n6b5z0w" }),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES).meta({ example: "succeeded" }),
    attempts: z.number().int().meta({ example: 1 }),
    nextAttemptAt: iso.nullable().meta({ example: null }),
    lastStatusCode: z.number().int().nullable().meta({ example: 200 }),
    lastError: z.string().nullable(),
    deliveredAt: iso.nullable(),
    createdAt: iso,
    payload: z.record(z.string(), z.unknown()),
    attemptLog: z.array(WebhookAttempt),
  })
  .meta({ id: "WebhookDelivery" });
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const ListWebhookDeliveriesInput = z.object({
  endpointId: endpointId.optional(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
  eventType: singleLine(z.string().max(64)).optional(),
  limit: z.number().int().min(1).max(100).default(20),
  /** `nextCursor` of the previous page. */
  cursor: singleLine(z.string().max(64)).optional(),
});
export type ListWebhookDeliveriesInput = z.infer<typeof ListWebhookDeliveriesInput>;

export const WebhookDeliveryPage = z.object({
  items: z.array(WebhookDelivery),
  nextCursor: z.string().nullable(),
});

export const WebhookDeliveryIdInput = z.object({ id: deliveryId });

export const SentTestWebhook = z.object({
  deliveryId: z.string().meta({
    description: "Follow it with GET /webhook-deliveries/{id}.",
    example: "msg_0123456789abcdefghjk",
  }),
});

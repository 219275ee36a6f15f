import { z } from "zod";
import { RecordId, singleLine } from "./primitives";

/** Contracts of customer messages: the vendor's templates, their preview, the message log. */

const iso = z.string().meta({ example: "2026-05-29T13:17:32.000Z" });

/**
 * The kinds of customer message: each is the event type that causes it. Transactional ones carry
 * no unsubscribe; reminders carry a one-click one (and STOP by SMS).
 */
export const TRANSACTIONAL_MESSAGE_KINDS = [
  "payment.succeeded",
  "license.renewed",
  "payment.failed",
  "order.cancelled",
  "payment.refunded",
  "license.moved",
  "license.key_reissued",
] as const;
export const REMINDER_MESSAGE_KINDS = [
  "license.expiring_soon",
  "license.expired",
  "license.grace_ended",
  "subscription.renewal_due",
] as const;

export const MessageKind = z
  .enum([...TRANSACTIONAL_MESSAGE_KINDS, ...REMINDER_MESSAGE_KINDS], {
    error: (issue) => `There is no message kind “${String(issue.input)}”.`,
  })
  .meta({ example: "license.expiring_soon" });
export type MessageKind = z.infer<typeof MessageKind>;

export const MessageTemplateWords = z.object({
  subject: z.string().meta({ example: "Your {{product_name}} license expires in {{days_left}}" }),
  textBody: z
    .string()
    .meta({ example: "Hello,\n\nYour {{product_name}} license expires on {{expires_at}}.\n" }),
  htmlBody: z.string().meta({ example: "<p>Your {{product_name}} license expires on {{expires_at}}.</p>" }),
  smsBody: z
    .string()
    .meta({ example: "{{vendor_name}}: your {{product_name}} license expires on {{expires_at}}." }),
});

export const MessageTemplateOverride = z.object({
  subject: z.string().nullable().meta({ example: "Your {{product_name}} license expires soon" }),
  textBody: z.string().nullable().meta({ example: null }),
  htmlBody: z.string().nullable().meta({ example: null }),
  smsBody: z.string().nullable().meta({ example: null }),
});

export const MessageTemplate = z
  .object({
    kind: MessageKind,
    label: z.string().meta({ example: "Reminder: license expiring soon" }),
    class: z.enum(["transactional", "reminder"]).meta({
      description:
        "Reminders carry a one-click unsubscribe (and STOP by SMS); transactional messages do not.",
    }),
    enabled: z.boolean(),
    override: MessageTemplateOverride.nullable().meta({
      description: "The vendor's own words (a null part: the built-in one); null when none are saved.",
    }),
    defaults: MessageTemplateWords,
    placeholders: z.array(
      z.object({
        name: z.string().meta({ example: "product_name" }),
        description: z.string().meta({ example: "What was bought" }),
      }),
    ),
  })
  .meta({ id: "MessageTemplate" });
export type MessageTemplate = z.infer<typeof MessageTemplate>;
export const MessageTemplateList = z.array(MessageTemplate);

const Part = (max: number, example: string) =>
  z.string().max(max).nullable().optional().meta({
    description: "`{{placeholder}}`s of the kind's list; null: back to the built-in words.",
    example,
  });

const Draft = {
  subject: Part(200, "Your {{product_name}} license expires in {{days_left}}"),
  textBody: Part(
    10_000,
    "Hello {{customer_name}},\n\nYour {{product_name}} license expires on {{expires_at}}.",
  ),
  htmlBody: Part(50_000, "<p>Your <b>{{product_name}}</b> license expires on {{expires_at}}.</p>"),
  smsBody: Part(300, "{{vendor_name}}: your {{product_name}} license expires on {{expires_at}}."),
};

export const SaveMessageTemplateInput = z.object({
  kind: MessageKind,
  enabled: z.boolean().optional().meta({ description: "Off: this kind is not sent at all.", example: true }),
  ...Draft,
});
export type SaveMessageTemplateInput = z.infer<typeof SaveMessageTemplateInput>;

export const PreviewMessageTemplateInput = z.object({ kind: MessageKind, ...Draft });

export const MessagePreview = z
  .object({
    subject: z.string().meta({ example: "Your Sample App license expires in 7 days — Biznoq Demo Store" }),
    text: z.string().meta({ example: "Hello Asha Rao,\n\nYour Sample App license …" }),
    html: z.string().meta({ example: "<!DOCTYPE html><html>…</html>" }),
    sms: z.string().meta({ example: "Biznoq Demo Store: Your Sample App license … Reply STOP to opt out" }),
  })
  .meta({ id: "MessagePreview" });

export const CustomerMessageStatus = z.enum(["pending", "sent", "failed"]);

export const ListCustomerMessagesInput = z.object({
  customerId: RecordId.optional().meta({ example: "cus_3m8q1x6k9w2v5c7n4b0z" }),
  licenseId: RecordId.optional().meta({ example: "lic_3m8q1x6k9w2v5c7n4b0z" }),
  status: CustomerMessageStatus.optional(),
  limit: z.coerce.number<number>().int().min(1).max(200).default(50).meta({ example: 50 }),
  /** `nextCursor` of the previous page. */
  cursor: singleLine(z.string().max(128)).optional(),
});

export const CustomerMessage = z
  .object({
    id: z.string().meta({ example: "cm_3m8q1x6k9w2v5c7n4b0z" }),
    customerId: z.string().nullable().meta({ example: "cus_3m8q1x6k9w2v5c7n4b0z" }),
    licenseId: z.string().nullable().meta({ example: "lic_3m8q1x6k9w2v5c7n4b0z" }),
    eventId: z.string().meta({ example: "evt_3m8q1x6k9w2v5c7n4b0z" }),
    kind: z.string().meta({ example: "payment.succeeded" }),
    channel: z.enum(["email", "sms"]),
    destination: z.string().meta({ example: "asha@example.com" }),
    maskedDestination: z.string().meta({ example: "***@example.com" }),
    subject: z.string().meta({ example: "Your Sample App license — Biznoq Demo Store" }),
    status: CustomerMessageStatus,
    attempts: z.number().int().meta({ example: 1 }),
    lastError: z.string().nullable().meta({ example: null }),
    nextAttemptAt: iso,
    sentAt: iso.nullable(),
    createdAt: iso,
  })
  .meta({ id: "CustomerMessage" });
export const CustomerMessagePage = z.object({
  items: z.array(CustomerMessage),
  nextCursor: z.string().nullable().meta({ example: null }),
});

export const ResendPurchaseMessageInput = z.object({
  orderId: RecordId.meta({ example: "ord_4k2m9x7q1v8c3n6b5z0w" }),
});
export const PurchaseMessageResent = z.object({
  queued: z.number().int().meta({ description: "Messages queued (email and/or SMS).", example: 1 }),
  eventId: z.string().meta({ example: "evt_3m8q1x6k9w2v5c7n4b0z" }),
});

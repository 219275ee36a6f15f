import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, tstz, updatedAt, vendorId } from "./columns";
import { vendors } from "./vendors";

export type MessageChannel = "email" | "sms";
export type MessageStatus = "pending" | "sent" | "failed";

/**
 * The customer-message outbox, beside the webhook one: a reminder or notice to a customer,
 * written in the transaction of the change that causes it and sent by the worker with retries.
 * One row per (event, channel): the same event never sends twice on one channel.
 */
export const customerMessages = pgTable(
  "customer_messages",
  {
    id: id("cm"),
    vendorId: vendorId().references(() => vendors.id),
    customerId: text("customer_id"),
    licenseId: text("license_id"),
    /** The event that caused it (audit trail id). */
    eventId: text("event_id").notNull(),
    /** What it says: the event type, e.g. `license.expiring_soon`. */
    kind: text("kind").notNull(),
    channel: text("channel").$type<MessageChannel>().notNull(),
    /** Email address or phone number. */
    destination: text("destination").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    /** The HTML part of an email (null for SMS). */
    htmlBody: text("html_body"),
    /** Reply-to (the vendor's support address) and the sender's display name. */
    replyTo: text("reply_to"),
    fromName: text("from_name"),
    /** One-click unsubscribe (RFC 8058) for reminders; null on transactional messages. */
    unsubscribeUrl: text("unsubscribe_url"),
    status: text("status").$type<MessageStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: tstz("next_attempt_at").notNull().defaultNow(),
    lockedUntil: tstz("locked_until"),
    lastError: text("last_error"),
    sentAt: tstz("sent_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("customer_messages_event_channel_key").on(t.eventId, t.channel),
    index("customer_messages_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("customer_messages_license_idx").on(t.licenseId, t.createdAt),
    // The console's message log of one customer (core messages/list-messages.ts).
    index("customer_messages_customer_idx").on(t.customerId, t.createdAt),
    index("customer_messages_vendor_idx").on(t.vendorId, t.createdAt),
    check("customer_messages_channel", sql`${t.channel} in ('email','sms')`),
    check("customer_messages_status", sql`${t.status} in ('pending','sent','failed')`),
  ],
);

/**
 * A vendor's own words for one kind of customer message (`purchase`, `license.expiring_soon`…),
 * and whether that kind is sent at all. No row: the built-in words, sent. Subject and bodies use
 * `{{placeholder}}`s from the kind's list (validated on save).
 */
export const messageTemplates = pgTable(
  "message_templates",
  {
    vendorId: vendorId().references(() => vendors.id),
    kind: text("kind").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    /** Null: the built-in subject / body. */
    subject: text("subject"),
    textBody: text("text_body"),
    htmlBody: text("html_body"),
    smsBody: text("sms_body"),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.vendorId, t.kind] })],
);

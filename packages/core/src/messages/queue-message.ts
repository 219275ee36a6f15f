import {
  customerMessages,
  customers,
  type Executor,
  eq,
  inArray,
  licenses,
  type MessageChannel,
  products,
  vendors,
} from "@keyway/db";
import { loadMessageTemplates } from "./load-templates";
import { REMINDER_KINDS } from "./template-kinds";
import { keyLast4, renderCustomerMessage, SMS_OPT_OUT } from "./templates";
import { type MessageLinks, unsubscribeUrl } from "./unsubscribe";

/**
 * Writes the messages an event sends its customer (a purchase, a refund, a reminder…) into the
 * customer-message outbox, in the transaction that records the event: email when the customer
 * has an address, SMS when they have only a phone, both when both are known and the vendor set
 * `messages_to_both`. Rendered here (the vendor's template or the built-in words, its brand, its
 * time zone), so the row holds exactly what is sent, in the vendor's name (from name: the
 * vendor; reply-to: its support address). A kind the vendor turned off is not written; nor is a
 * reminder to a customer who unsubscribed (reminders carry a one-click unsubscribe link). One
 * row per (event, channel), so a repeated call changes nothing. The worker sends them
 * (deliver-messages.ts); a dead provider never holds up the change that caused them.
 */
export interface QueueCustomerMessageParams {
  vendorId: string;
  customerId: string | null;
  licenseId: string | null;
  /** The audit event that causes it (`recordEvent`'s `eventId`). */
  eventId: string;
  /** What it says: the event type, e.g. `payment.succeeded`, `license.expiring_soon`. */
  kind: string;
  /**
   * Facts the template needs (product_name, amount + currency, receipt_url, license_keys…).
   * Product name, the key's last 4 and expiry missing here are read from the license; a full key
   * is passed only by the purchase message (`license_keys`).
   */
  facts: Record<string, string | number | null>;
  now: Date;
}

export async function queueCustomerMessage(
  tx: Executor,
  params: QueueCustomerMessageParams,
  links?: MessageLinks | null,
): Promise<{ queued: number }> {
  return queueCustomerMessages(tx, [params], links);
}

/**
 * `queueCustomerMessage` for many events at once (a scheduler batch): three reads and one insert
 * whatever the count. 10k reminders one by one cost ~40 s of round trips. `links` (the host's
 * public URL and secret box) make the portal and unsubscribe links; without them a message goes
 * without those links.
 */
export async function queueCustomerMessages(
  tx: Executor,
  list: QueueCustomerMessageParams[],
  links?: MessageLinks | null,
): Promise<{ queued: number }> {
  const wanted = list.filter((p): p is QueueCustomerMessageParams & { customerId: string } =>
    Boolean(p.customerId),
  );
  if (wanted.length === 0) return { queued: 0 };
  const customerIds = [...new Set(wanted.map((p) => p.customerId))];
  const licenseIds = [...new Set(wanted.flatMap((p) => (p.licenseId ? [p.licenseId] : [])))];
  // The customers with their vendor's name, zone and brand; the licenses the messages are about;
  // the vendors' templates. One after the other: a transaction is one connection.
  const people = await tx
    .select({
      id: customers.id,
      vendorId: customers.vendorId,
      email: customers.email,
      phone: customers.phone,
      name: customers.name,
      unsubscribedAt: customers.remindersUnsubscribedAt,
      vendorName: vendors.name,
      timezone: vendors.timezone,
      supportEmail: vendors.supportEmail,
      brandColor: vendors.brandColor,
      brandLogoUrl: vendors.brandLogoUrl,
      toBoth: vendors.messagesToBoth,
    })
    .from(customers)
    .innerJoin(vendors, eq(vendors.id, customers.vendorId))
    .where(inArray(customers.id, customerIds));
  const about =
    licenseIds.length === 0
      ? []
      : await tx
          .select({
            id: licenses.id,
            vendorId: licenses.vendorId,
            key: licenses.key,
            expiresAt: licenses.expiresAt,
            productName: products.name,
          })
          .from(licenses)
          .innerJoin(products, eq(products.id, licenses.productId))
          .where(inArray(licenses.id, licenseIds));
  const templates = await loadMessageTemplates(tx, [...new Set(people.map((p) => p.vendorId))]);
  const personById = new Map(people.map((c) => [c.id, c]));
  const licenseById = new Map(about.map((l) => [l.id, l]));

  const rows: (typeof customerMessages.$inferInsert)[] = [];
  for (const params of wanted) {
    const found = personById.get(params.customerId);
    // Another vendor's customer or license is never written to, whatever the caller passed.
    if (!found || found.vendorId !== params.vendorId) continue;
    const reminder = REMINDER_KINDS.has(params.kind);
    if (reminder && found.unsubscribedAt) continue;
    const template = templates.get(params.vendorId)?.get(params.kind) ?? null;
    if (template && !template.enabled) continue;
    const license = params.licenseId ? licenseById.get(params.licenseId) : undefined;
    const ownLicense = license && license.vendorId === params.vendorId ? license : undefined;
    const unsubscribe = reminder && links ? unsubscribeUrl(links, found.id) : null;

    const facts = {
      ...withoutNulls({
        customer_name: found.name,
        product_name: ownLicense?.productName ?? null,
        key_last4: ownLicense ? keyLast4(ownLicense.key) : null,
        expires_at: ownLicense?.expiresAt?.toISOString() ?? null,
        portal_url: links ? `${links.publicUrl}/account/licenses` : null,
        unsubscribe_url: unsubscribe,
        support_email: found.supportEmail,
      }),
      ...withoutNulls(params.facts),
    };
    const context = {
      vendorName: found.vendorName,
      timezone: found.timezone,
      now: params.now,
      template,
      brand: { color: found.brandColor, logoUrl: found.brandLogoUrl, supportEmail: found.supportEmail },
    };
    for (const [channel, destination] of destinations(found)) {
      const rendered = renderCustomerMessage(params.kind, channel, facts, context);
      rows.push({
        vendorId: params.vendorId,
        customerId: params.customerId,
        licenseId: params.licenseId,
        eventId: params.eventId,
        kind: params.kind,
        channel,
        destination,
        subject: rendered.subject,
        // A reminder by SMS always ends with the STOP wording, whatever the vendor's template says.
        body:
          reminder && channel === "sms" && !rendered.body.includes(SMS_OPT_OUT)
            ? `${rendered.body.trimEnd()} ${SMS_OPT_OUT}`
            : rendered.body,
        htmlBody: channel === "email" ? (rendered.html ?? null) : null,
        replyTo: found.supportEmail,
        fromName: found.vendorName,
        unsubscribeUrl: unsubscribe,
        nextAttemptAt: params.now,
        createdAt: params.now,
        updatedAt: params.now,
      });
    }
  }
  if (rows.length === 0) return { queued: 0 };
  const inserted = await tx
    .insert(customerMessages)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: customerMessages.id });
  return { queued: inserted.length };
}

/** Email to an address, SMS to a phone-only customer; both when both are known and the vendor wants it. */
function destinations(c: {
  email: string | null;
  phone: string | null;
  toBoth: boolean;
}): [MessageChannel, string][] {
  if (c.email)
    return c.phone && c.toBoth
      ? [
          ["email", c.email],
          ["sms", c.phone],
        ]
      : [["email", c.email]];
  return c.phone ? [["sms", c.phone]] : [];
}

function withoutNulls<T extends object>(facts: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(facts).filter(([, v]) => v !== null && v !== undefined),
  ) as Partial<T>;
}

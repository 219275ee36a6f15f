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
import { type MessageFacts, renderCustomerMessage } from "./templates";

/**
 * Writes the messages a lifecycle event sends its customer (a reminder, a renewal notice) into
 * the customer-message outbox, in the transaction that records the event: email when the
 * customer has an address, SMS when they have only a phone. One row per (event, channel), so a
 * repeated call changes nothing. The worker sends them (deliver-messages.ts).
 */
export interface QueueCustomerMessageParams {
  vendorId: string;
  customerId: string | null;
  licenseId: string | null;
  /** The audit event that causes it (`recordEvent`'s `eventId`). */
  eventId: string;
  /** What it says: the event type, e.g. `license.expiring_soon`, `subscription.renewal_due`. */
  kind: string;
  /**
   * Facts the template needs (templates.ts `MessageFacts`: product_name, expires_at, days_left,
   * renew_url or payment_url, amount + currency, current_period_end…). Product name, key and
   * expiry missing here are read from the license; of a key only the last 4 characters are shown.
   */
  facts: Record<string, string | number | null>;
  now: Date;
}

export async function queueCustomerMessage(
  tx: Executor,
  params: QueueCustomerMessageParams,
): Promise<{ queued: number }> {
  return queueCustomerMessages(tx, [params]);
}

/**
 * `queueCustomerMessage` for many events at once (a scheduler batch): two reads and one insert
 * whatever the count. 10k reminders one by one cost ~40 s of round trips.
 */
export async function queueCustomerMessages(
  tx: Executor,
  list: QueueCustomerMessageParams[],
): Promise<{ queued: number }> {
  const wanted = list.filter((p): p is QueueCustomerMessageParams & { customerId: string } =>
    Boolean(p.customerId),
  );
  if (wanted.length === 0) return { queued: 0 };
  const customerIds = [...new Set(wanted.map((p) => p.customerId))];
  const licenseIds = [...new Set(wanted.flatMap((p) => (p.licenseId ? [p.licenseId] : [])))];
  // The customers with their vendor's name and zone; the licenses the messages are about.
  // One after the other: a transaction is one connection.
  const people = await tx
    .select({
      id: customers.id,
      vendorId: customers.vendorId,
      email: customers.email,
      phone: customers.phone,
      vendorName: vendors.name,
      timezone: vendors.timezone,
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
  const personById = new Map(people.map((c) => [c.id, c]));
  const licenseById = new Map(about.map((l) => [l.id, l]));

  const rows: (typeof customerMessages.$inferInsert)[] = [];
  for (const params of wanted) {
    const found = personById.get(params.customerId);
    // Another vendor's customer or license is never written to, whatever the caller passed.
    if (!found || found.vendorId !== params.vendorId) continue;
    const license = params.licenseId ? licenseById.get(params.licenseId) : undefined;
    const ownLicense = license && license.vendorId === params.vendorId ? license : undefined;
    const channel: MessageChannel | null = found.email ? "email" : found.phone ? "sms" : null;
    const destination = found.email ?? found.phone;
    if (!channel || !destination) continue;

    const fromLicense: MessageFacts = {
      product_name: ownLicense?.productName ?? null,
      key: ownLicense?.key ?? null,
      expires_at: ownLicense?.expiresAt?.toISOString() ?? null,
    };
    const facts = { ...withoutNulls(fromLicense), ...withoutNulls(params.facts) };
    const { subject, body } = renderCustomerMessage(params.kind, channel, facts, {
      vendorName: found.vendorName,
      timezone: found.timezone,
      now: params.now,
    });
    rows.push({
      vendorId: params.vendorId,
      customerId: params.customerId,
      licenseId: params.licenseId,
      eventId: params.eventId,
      kind: params.kind,
      channel,
      destination,
      subject,
      body,
      nextAttemptAt: params.now,
      createdAt: params.now,
      updatedAt: params.now,
    });
  }
  if (rows.length === 0) return { queued: 0 };
  const inserted = await tx
    .insert(customerMessages)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: customerMessages.id });
  return { queued: inserted.length };
}

function withoutNulls<T extends object>(facts: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(facts).filter(([, v]) => v !== null && v !== undefined),
  ) as Partial<T>;
}

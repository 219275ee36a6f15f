import { customerMessages, customers, eq, type Executor, type MessageChannel } from "@keyway/db";

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
  /** Facts the template needs (key's last 4, expiry, pay link, product name…). */
  facts: Record<string, string | number | null>;
  now: Date;
}

export async function queueCustomerMessage(
  tx: Executor,
  params: QueueCustomerMessageParams,
): Promise<{ queued: number }> {
  if (!params.customerId) return { queued: 0 };
  const [customer] = await tx
    .select({ email: customers.email, phone: customers.phone })
    .from(customers)
    .where(eq(customers.id, params.customerId));
  if (!customer) return { queued: 0 };
  const channel: MessageChannel | null = customer.email ? "email" : customer.phone ? "sms" : null;
  const destination = customer.email ?? customer.phone;
  if (!channel || !destination) return { queued: 0 };
  const text = Object.entries(params.facts)
    .map(([k, v]) => `${k}: ${v ?? ""}`)
    .join("\n");
  const rows = await tx
    .insert(customerMessages)
    .values({
      vendorId: params.vendorId,
      customerId: params.customerId,
      licenseId: params.licenseId,
      eventId: params.eventId,
      kind: params.kind,
      channel,
      destination,
      subject: params.kind,
      body: text,
      nextAttemptAt: params.now,
      createdAt: params.now,
    })
    .onConflictDoNothing()
    .returning({ id: customerMessages.id });
  return { queued: rows.length };
}

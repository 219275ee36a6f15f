import { and, customerMessages, type Database, desc, eq, type MessageStatus } from "@keyway/db";

/** A customer message as the console lists it. */
export interface CustomerMessageView {
  id: string;
  customerId: string | null;
  licenseId: string | null;
  eventId: string;
  kind: string;
  channel: "email" | "sms";
  destination: string;
  subject: string;
  status: MessageStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
  sentAt: string | null;
  createdAt: string;
}

/** The vendor's customer messages, newest first: of one license, or only those failed or pending. */
export async function listCustomerMessages(
  db: Database,
  params: {
    vendorId: string;
    licenseId?: string | undefined;
    status?: MessageStatus | undefined;
    limit?: number;
  },
): Promise<CustomerMessageView[]> {
  const m = customerMessages;
  const rows = await db
    .select()
    .from(m)
    .where(
      and(
        eq(m.vendorId, params.vendorId),
        params.licenseId ? eq(m.licenseId, params.licenseId) : undefined,
        params.status ? eq(m.status, params.status) : undefined,
      ),
    )
    .orderBy(desc(m.createdAt), desc(m.id))
    .limit(Math.min(Math.max(params.limit ?? 50, 1), 200));
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customerId,
    licenseId: r.licenseId,
    eventId: r.eventId,
    kind: r.kind,
    channel: r.channel,
    destination: r.destination,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    nextAttemptAt: r.nextAttemptAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}

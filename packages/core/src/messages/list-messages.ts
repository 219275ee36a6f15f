import { and, customerMessages, type Database, eq, type MessageStatus } from "@keyway/db";
import { afterCursor, newestFirst, pageOf } from "../shared/cursor";
import { maskDestination } from "./templates";

/** A customer message as the console lists it. */
export interface CustomerMessageView {
  id: string;
  customerId: string | null;
  licenseId: string | null;
  eventId: string;
  kind: string;
  channel: "email" | "sms";
  destination: string;
  /** `***@example.com`, `******1234`: what the console shows. */
  maskedDestination: string;
  subject: string;
  status: MessageStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
  sentAt: string | null;
  createdAt: string;
}

export interface ListCustomerMessagesParams {
  vendorId: string;
  customerId?: string | undefined;
  licenseId?: string | undefined;
  status?: MessageStatus | undefined;
  limit?: number | undefined;
  /** `nextCursor` of the previous page. */
  cursor?: string | undefined;
}

/**
 * The vendor's customer messages, newest first, a page at a time: of one customer, of one
 * license, or only those failed or pending.
 */
export async function listCustomerMessagePage(
  db: Database,
  params: ListCustomerMessagesParams,
): Promise<{ items: CustomerMessageView[]; nextCursor: string | null }> {
  const m = customerMessages;
  const limit = Math.min(Math.max(params.limit ?? 50, 1), 200);
  const rows = await db
    .select()
    .from(m)
    .where(
      and(
        eq(m.vendorId, params.vendorId),
        params.customerId ? eq(m.customerId, params.customerId) : undefined,
        params.licenseId ? eq(m.licenseId, params.licenseId) : undefined,
        params.status ? eq(m.status, params.status) : undefined,
        params.cursor ? afterCursor(m, params.cursor, params.vendorId) : undefined,
      ),
    )
    .orderBy(...newestFirst(m))
    .limit(limit + 1);
  const { page, nextCursor } = pageOf(rows, limit, (r) => r.id);
  return { items: page.map(view), nextCursor };
}

/** The first page only (`listCustomerMessagePage`'s items). */
export async function listCustomerMessages(
  db: Database,
  params: Omit<ListCustomerMessagesParams, "cursor">,
): Promise<CustomerMessageView[]> {
  return (await listCustomerMessagePage(db, params)).items;
}

function view(r: typeof customerMessages.$inferSelect): CustomerMessageView {
  return {
    id: r.id,
    customerId: r.customerId,
    licenseId: r.licenseId,
    eventId: r.eventId,
    kind: r.kind,
    channel: r.channel,
    destination: r.destination,
    maskedDestination: maskDestination(r.destination),
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    nextAttemptAt: r.nextAttemptAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

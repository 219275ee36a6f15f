import { and, customers, type Database, inArray, isNotNull } from "@keyway/db";
import type { EmailMessage } from "../notify/notifier";
import type { ClaimedMessage } from "./deliver-messages";
import { REMINDER_KINDS } from "./template-kinds";

/**
 * The email as it goes out: text and HTML, in the vendor's name, replies to the vendor; a
 * reminder carries RFC 8058 one-click unsubscribe headers (the mail client POSTs
 * `List-Unsubscribe=One-Click` to the link), a transactional message none.
 */
export function emailOf(message: Omit<ClaimedMessage, "lease">): EmailMessage {
  return {
    to: message.destination,
    subject: message.subject,
    text: message.body,
    html: message.htmlBody,
    replyTo: message.replyTo,
    fromName: message.fromName,
    ...(message.unsubscribeUrl
      ? {
          headers: {
            "List-Unsubscribe": `<${message.unsubscribeUrl}>`,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          },
        }
      : {}),
  };
}

/** The customers of claimed reminders who unsubscribed since they were queued. */
export async function unsubscribedOf(db: Database, claimed: ClaimedMessage[]): Promise<Set<string>> {
  const ids = [
    ...new Set(claimed.flatMap((c) => (REMINDER_KINDS.has(c.kind) && c.customerId ? [c.customerId] : []))),
  ];
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(inArray(customers.id, ids), isNotNull(customers.remindersUnsubscribedAt)));
  return new Set(rows.map((r) => r.id));
}

import { customers, type Database, eq } from "@keyway/db";
import { DomainError } from "../shared/errors";
import type { SecretBox } from "../shared/secrets";

/**
 * One-click unsubscribe from reminders (RFC 8058). The token is the customer id sealed under the
 * server's SECRET_KEY (AES-256-GCM, whose tag authenticates it like an HMAC): unguessable and
 * unforgeable without the key, and nothing is stored for it. Transactional messages (purchase,
 * renewal, refund…) are not affected: they go whatever the customer chose here.
 */

const PURPOSE = "unsubscribe:";

/** The public links customer messages carry: the host's public URL and its secret box. */
export interface MessageLinks {
  publicUrl: string;
  secrets: SecretBox;
}

export function unsubscribeToken(secrets: SecretBox, customerId: string): string {
  return secrets.seal(`${PURPOSE}${customerId}`);
}

/** `<publicUrl>/unsubscribe?token=…`: the List-Unsubscribe link of a customer's reminders. */
export function unsubscribeUrl(links: MessageLinks, customerId: string): string {
  return `${links.publicUrl}/unsubscribe?token=${encodeURIComponent(unsubscribeToken(links.secrets, customerId))}`;
}

/** The customer a token names; null when it was not made by this server's key. */
export function customerOfUnsubscribeToken(secrets: SecretBox, token: string): string | null {
  if (token.length === 0 || token.length > 512) return null;
  try {
    const plain = secrets.open(token);
    return plain.startsWith(PURPOSE) && plain.length > PURPOSE.length ? plain.slice(PURPOSE.length) : null;
  } catch {
    return null;
  }
}

/**
 * Stops the reminders of the customer the token names (`customers.reminders_unsubscribed_at`,
 * kept at its first value when repeated: mail clients may post twice). A token this server did
 * not make, or of a customer that no longer exists, is `invalid_input`.
 */
export async function unsubscribeReminders(
  db: Database,
  secrets: SecretBox,
  params: { token: string; now: Date },
): Promise<{ customerId: string; unsubscribedAt: string }> {
  const customerId = customerOfUnsubscribeToken(secrets, params.token);
  const invalid = () =>
    new DomainError("invalid_input", "This unsubscribe link is not valid.", { field: "token" });
  if (!customerId) throw invalid();
  const [customer] = await db
    .select({ id: customers.id, at: customers.remindersUnsubscribedAt })
    .from(customers)
    .where(eq(customers.id, customerId));
  if (!customer) throw invalid();
  if (customer.at) return { customerId, unsubscribedAt: customer.at.toISOString() };
  await db.update(customers).set({ remindersUnsubscribedAt: params.now }).where(eq(customers.id, customerId));
  return { customerId, unsubscribedAt: params.now.toISOString() };
}

/** The links of messages the scheduler queues: the host's order settings hold both halves. */
export function messageLinksOf(settings: {
  publicUrl: string;
  accounts: { secrets: SecretBox };
}): MessageLinks {
  return { publicUrl: settings.publicUrl, secrets: settings.accounts.secrets };
}

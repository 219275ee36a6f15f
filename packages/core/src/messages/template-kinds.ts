import { type MessageKind, REMINDER_MESSAGE_KINDS, TRANSACTIONAL_MESSAGE_KINDS } from "@keyway/schema";

/**
 * The kinds of customer message: each is the event type that causes it. Transactional ones
 * (a purchase, a renewal, a refund…) carry no unsubscribe; reminders carry a one-click one
 * (RFC 8058 headers for email, the STOP line for SMS).
 */
export const TRANSACTIONAL_KINDS: readonly string[] = TRANSACTIONAL_MESSAGE_KINDS;

export const REMINDER_KIND_LIST: readonly string[] = REMINDER_MESSAGE_KINDS;

/** The reminder kinds: one-click unsubscribe, STOP wording; skipped for unsubscribed customers. */
export const REMINDER_KINDS: ReadonlySet<string> = new Set(REMINDER_KIND_LIST);

export const MESSAGE_KINDS: readonly MessageKind[] = [
  ...TRANSACTIONAL_MESSAGE_KINDS,
  ...REMINDER_MESSAGE_KINDS,
];

export type MessageKindClass = "transactional" | "reminder";

export function kindClass(kind: string): MessageKindClass {
  return REMINDER_KINDS.has(kind) ? "reminder" : "transactional";
}

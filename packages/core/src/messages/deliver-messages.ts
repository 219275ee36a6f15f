import {
  and,
  customerMessages,
  customers,
  type Database,
  type Executor,
  eq,
  inArray,
  isNull,
  lt,
  lte,
  type MessageChannel,
  or,
  sql,
} from "@keyway/db";
import { recordEvent } from "../events/record-event";
import type { MessageSender } from "../notify/notifier";
import { MessageSendError } from "../notify/sms";
import { emailOf, unsubscribedOf } from "./outgoing";
import { REMINDER_KINDS } from "./template-kinds";
import { maskDestination } from "./templates";

/**
 * Delays before each retry of a customer message, ±20 % jitter. Shorter than the webhook
 * schedule (retry-schedule.ts, ~3 days): a reminder is about a date ("expires in 1 day"), so a
 * message that cannot go out within about 9 hours has failed.
 */
export const MESSAGE_RETRY_DELAYS_MS: readonly number[] = [
  60_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  6 * 3_600_000,
];
export const MAX_MESSAGE_ATTEMPTS = MESSAGE_RETRY_DELAYS_MS.length + 1;

export function messageRetryDelayMs(attemptsMade: number, random: () => number = Math.random): number | null {
  const base = MESSAGE_RETRY_DELAYS_MS[attemptsMade - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** A message a worker holds the lease of. */
export interface ClaimedMessage {
  id: string;
  vendorId: string;
  customerId: string | null;
  licenseId: string | null;
  eventId: string;
  kind: string;
  channel: MessageChannel;
  destination: string;
  subject: string;
  body: string;
  htmlBody: string | null;
  replyTo: string | null;
  fromName: string | null;
  unsubscribeUrl: string | null;
  attempts: number;
  lease: Date;
}

export interface DeliverMessagesParams {
  sender: MessageSender;
  /** The clock (tests move it). */
  now: () => Date;
  limit?: number;
  /** How long a claimed row stays with this worker; must outlast one send. */
  leaseMs?: number;
  /** Per send: a provider that hangs is a failed attempt, not a stuck worker. */
  timeoutMs?: number;
  random?: () => number;
}

export interface DeliveredCounts {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Takes up to `limit` due messages (`FOR UPDATE SKIP LOCKED`, so concurrent workers never take
 * the same row) and leases them: a worker that dies mid-send leaves its rows to be taken again
 * once the lease runs out.
 */
async function claimDueMessages(
  db: Database,
  params: { now: Date; limit: number; leaseMs: number },
): Promise<ClaimedMessage[]> {
  const lease = new Date(params.now.getTime() + params.leaseMs);
  const m = customerMessages;
  const rows = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: m.id })
      .from(m)
      .where(
        and(
          eq(m.status, "pending"),
          lte(m.nextAttemptAt, params.now),
          or(isNull(m.lockedUntil), lt(m.lockedUntil, params.now)),
        ),
      )
      .orderBy(m.nextAttemptAt)
      .limit(params.limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(m)
      .set({ lockedUntil: lease, attempts: sql`${m.attempts} + 1`, updatedAt: params.now })
      .where(
        inArray(
          m.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
  return rows.map((r) => ({
    id: r.id,
    vendorId: r.vendorId,
    customerId: r.customerId,
    licenseId: r.licenseId,
    eventId: r.eventId,
    kind: r.kind,
    channel: r.channel,
    destination: r.destination,
    subject: r.subject,
    body: r.body,
    htmlBody: r.htmlBody,
    replyTo: r.replyTo,
    fromName: r.fromName,
    unsubscribeUrl: r.unsubscribeUrl,
    attempts: r.attempts,
    lease,
  }));
}

/**
 * Sends what is due through `sender` and records each outcome: `sent` (with `message.sent` on
 * the license's timeline), a retry after `messageRetryDelayMs`, or `failed` once the attempts
 * are spent or the provider refused the message for good (`message.failed`). Delivery happens
 * only here, so a dead provider delays its own messages and nothing else.
 */
export async function deliverDueMessages(
  db: Database,
  params: DeliverMessagesParams,
): Promise<DeliveredCounts> {
  const claimed = await claimDueMessages(db, {
    now: params.now(),
    limit: params.limit ?? 20,
    leaseMs: params.leaseMs ?? 2 * (params.timeoutMs ?? 30_000) + 30_000,
  });
  const counts: DeliveredCounts = { claimed: claimed.length, sent: 0, retrying: 0, failed: 0 };
  const unsubscribed = await unsubscribedOf(db, claimed);
  await Promise.all(
    claimed.map(async (message) => {
      const outcome = await deliverOne(db, params, message, unsubscribed);
      counts[outcome]++;
    }),
  );
  return counts;
}

async function deliverOne(
  db: Database,
  params: DeliverMessagesParams,
  message: ClaimedMessage,
  unsubscribed: ReadonlySet<string>,
): Promise<"sent" | "retrying" | "failed"> {
  let failure: unknown = null;
  try {
    // Queued before the customer unsubscribed: not sent, and said so in the console.
    if (REMINDER_KINDS.has(message.kind) && message.customerId && unsubscribed.has(message.customerId))
      throw new MessageSendError("Not sent: the customer unsubscribed from reminders.", { permanent: true });
    const sending =
      message.channel === "email"
        ? params.sender.email(emailOf(message))
        : params.sender.sms(message.destination, message.body);
    await withTimeout(sending, params.timeoutMs ?? 30_000);
  } catch (error) {
    failure = error;
  }
  const now = params.now();
  const m = customerMessages;
  const held = and(eq(m.id, message.id), eq(m.lockedUntil, message.lease));
  const timeline = {
    message_id: message.id,
    kind: message.kind,
    channel: message.channel,
    destination: maskDestination(message.destination),
    cause_event_id: message.eventId,
  };

  if (failure === null) {
    await db.transaction(async (tx) => {
      const [settled] = await tx
        .update(m)
        .set({ status: "sent", sentAt: now, lockedUntil: null, lastError: null, updatedAt: now })
        .where(held)
        .returning({ id: m.id });
      // The lease ran out and another worker took the row: the outcome is that worker's.
      if (settled && message.licenseId) {
        await recordOnTimeline(tx, message.vendorId, message.licenseId, "message.sent", timeline, now);
      }
    });
    return "sent";
  }

  const error = describe(failure).slice(0, 500);
  const permanent = failure instanceof MessageSendError && failure.permanent;
  const delay = permanent ? null : messageRetryDelayMs(message.attempts, params.random);
  if (delay !== null) {
    await db
      .update(m)
      .set({
        lockedUntil: null,
        lastError: error,
        nextAttemptAt: new Date(now.getTime() + delay),
        updatedAt: now,
      })
      .where(held);
    return "retrying";
  }
  await db.transaction(async (tx) => {
    const [settled] = await tx
      .update(m)
      .set({ status: "failed", lockedUntil: null, lastError: error, updatedAt: now })
      .where(held)
      .returning({ id: m.id });
    // A phone-only customer who replied STOP can be reached by nothing else: their reminders
    // stop here as after the unsubscribe link (a customer with an email keeps email reminders).
    if (settled && message.customerId && failure instanceof MessageSendError && failure.optedOut) {
      await tx
        .update(customers)
        .set({ remindersUnsubscribedAt: now })
        .where(
          and(
            eq(customers.id, message.customerId),
            isNull(customers.email),
            isNull(customers.remindersUnsubscribedAt),
          ),
        );
    }
    if (settled && message.licenseId) {
      await recordOnTimeline(
        tx,
        message.vendorId,
        message.licenseId,
        "message.failed",
        { ...timeline, attempts: message.attempts, error },
        now,
      );
    }
  });
  return "failed";
}

/** Audit only (no webhook): the vendor and the customer see on the license what reached them. */
function recordOnTimeline(
  tx: Executor,
  vendorId: string,
  licenseId: string,
  type: "message.sent" | "message.failed",
  data: Record<string, unknown>,
  now: Date,
) {
  return recordEvent(tx, {
    vendorId,
    type,
    subjectType: "license",
    subjectId: licenseId,
    licenseId,
    data,
    now,
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new MessageSendError(`No answer within ${ms} ms.`, { permanent: false })),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

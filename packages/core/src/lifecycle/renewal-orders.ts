import {
  and,
  type Database,
  desc,
  type Executor,
  eq,
  gt,
  isNotNull,
  orders,
  sql,
  subscriptions,
} from "@keyway/db";
import { AuditActor } from "@keyway/schema";
import { createOrder } from "../commerce/create-order";
import { recordEvent } from "../events/record-event";
import { queueCustomerMessage } from "../messages/queue-message";
import { keyLast4 } from "../messages/templates";
import { type MessageLinks, messageLinksOf } from "../messages/unsubscribe";
import { DomainError } from "../shared/errors";
import { planSubscriptionSchedule, renewalOrderExpiresAt } from "./subscription-schedule";
import { type SweepParams, saveSchedules } from "./sweep";

/**
 * A subscription's renewal order: opened through commerce's one order path (`createOrder`, which
 * may call a real gateway), so never inside the sweep's transaction. The sweep leases the
 * subscription (its `lifecycle_due_at` moves a few minutes ahead) and commits; the order opens;
 * then one short transaction stores `renewal_order_id` and announces `subscription.renewal_due`
 * once (under the row lock, checked against `lifecycle_sent`). A crash between the two leaves a
 * pending order that the next attempt finds and adopts instead of opening another.
 */

/** How long a subscription stays with the scheduler that is opening its renewal order. */
export const RENEWAL_LEASE_MS = 10 * 60_000;
/** After an order that could not open (no price, no gateway, a gateway error), retry this much later. */
export const RENEWAL_RETRY_MS = 60 * 60_000;

/** What opening and announcing one renewal order needs, read by the sweep. */
export interface RenewalToOpen {
  subscriptionId: number;
  vendorId: string;
  status: "active" | "past_due" | "cancelled" | "expired" | "pending";
  periodEnd: Date;
  billingCycle: "monthly" | "yearly" | "custom";
  sent: string[];
  gracePeriodDays: number;
  renewalLeadDays: number;
  remindersEnabled: boolean;
  productName: string;
  license: { id: string; key: string; testMode: boolean } | null;
  customer: { id: string; email: string | null; phone: string | null } | null;
}

export interface OpenRenewal {
  orderId: string;
  paymentUrl: string;
  amount: number;
  currency: string;
}

/** A pending renewal order of this subscription still payable after its period ends. */
export async function findOpenRenewalOrder(
  tx: Executor,
  renewal: RenewalToOpen,
  now: Date,
): Promise<OpenRenewal | null> {
  const [row] = await tx
    .select({
      orderId: orders.id,
      paymentUrl: orders.paymentUrl,
      amount: orders.amount,
      currency: orders.currency,
    })
    .from(orders)
    .where(
      and(
        eq(orders.subscriptionId, renewal.subscriptionId),
        eq(orders.kind, "renewal"),
        eq(orders.status, "pending"),
        isNotNull(orders.paymentUrl),
        gt(orders.expiresAt, renewal.periodEnd),
        gt(orders.expiresAt, now),
      ),
    )
    .orderBy(desc(orders.createdAt))
    .limit(1);
  return row?.paymentUrl ? { ...row, paymentUrl: row.paymentUrl } : null;
}

/** Records `subscription.renewal_due` with the pay link, and tells the customer. */
export async function announceRenewal(
  tx: Executor,
  renewal: RenewalToOpen,
  order: OpenRenewal,
  now: Date,
  links?: MessageLinks | null,
): Promise<void> {
  const { eventId } = await recordEvent(tx, {
    vendorId: renewal.vendorId,
    type: "subscription.renewal_due",
    subjectType: "subscription",
    subjectId: String(renewal.subscriptionId),
    licenseId: renewal.license?.id ?? null,
    data: {
      subscription_id: renewal.subscriptionId,
      license_id: renewal.license?.id ?? null,
      order_id: order.orderId,
      payment_url: order.paymentUrl,
      amount: order.amount,
      currency: order.currency,
      current_period_end: renewal.periodEnd.toISOString(),
      test_mode: renewal.license?.testMode ?? false,
    },
    now,
  });
  await tx
    .update(subscriptions)
    .set({ renewalOrderId: order.orderId, updatedAt: now })
    .where(eq(subscriptions.id, renewal.subscriptionId));
  if (!renewal.remindersEnabled) return;
  await queueCustomerMessage(
    tx,
    {
      vendorId: renewal.vendorId,
      customerId: renewal.customer?.id ?? null,
      licenseId: renewal.license?.id ?? null,
      eventId,
      kind: "subscription.renewal_due",
      facts: {
        product_name: renewal.productName,
        key_last4: renewal.license ? keyLast4(renewal.license.key) : null,
        current_period_end: renewal.periodEnd.toISOString(),
        // Minor units of `currency`.
        amount: order.amount,
        currency: order.currency,
        payment_url: order.paymentUrl,
      },
      now,
    },
    links,
  );
}

/**
 * Opens the renewal order the sweep leased the subscription for, then announces it. Returns the
 * events recorded (0 or 1). A failure to open is reported and retried later, not thrown: one
 * subscription's gateway must not stop the others.
 */
export async function openRenewalOrder(
  db: Database,
  renewal: RenewalToOpen,
  /** When the subscription is due for its next step otherwise (a retry must not delay it). */
  nextDueAt: Date | null,
  params: SweepParams,
): Promise<number> {
  const { now } = params;
  let order: OpenRenewal;
  try {
    if (!renewal.license)
      throw new DomainError("internal", `Subscription ${renewal.subscriptionId} has no license to renew.`);
    // Payable past the period end, through grace and a week more: a late payment still renews.
    const expiresAt = renewalOrderExpiresAt(renewal.periodEnd, renewal.gracePeriodDays);
    const created = await createOrder(db, {
      ...params.orderSettings,
      ttlMinutes: Math.max(1, Math.ceil((expiresAt.getTime() - now.getTime()) / 60_000)),
      vendorId: renewal.vendorId,
      item: {
        kind: "renewal",
        licenseKey: renewal.license.key,
        ...(renewal.billingCycle === "custom" ? {} : { billingCycle: renewal.billingCycle }),
      },
      customer: { email: renewal.customer?.email ?? null, phone: renewal.customer?.phone ?? null },
      testMode: renewal.license.testMode,
      actor: AuditActor.system,
      now,
      subscriptionRenewal: true,
    });
    order = {
      orderId: created.orderId,
      paymentUrl: created.paymentUrl,
      amount: created.amount,
      currency: created.currency,
    };
  } catch (error) {
    params.onError?.(error);
    const retryAt = new Date(now.getTime() + RENEWAL_RETRY_MS);
    const dueAt = nextDueAt && nextDueAt < retryAt ? nextDueAt : retryAt;
    // Unless something changed it meanwhile (a payment, a cancellation re-arms it).
    await db.execute(
      sql`update ${subscriptions} set lifecycle_due_at = ${dueAt.toISOString()}::timestamptz
        where ${subscriptions.id} = ${renewal.subscriptionId}
          and ${subscriptions.currentPeriodEnd} = ${renewal.periodEnd.toISOString()}::timestamptz
          and ${subscriptions.lifecycleDueAt} > ${now.toISOString()}::timestamptz`,
    );
    return 0;
  }
  return db.transaction(async (tx) => {
    const [sub] = await tx
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.id, renewal.subscriptionId))
      .for("update");
    // Paid, cancelled or announced meanwhile: this order is not needed (unpaid, it expires).
    if (
      !sub ||
      sub.currentPeriodEnd?.getTime() !== renewal.periodEnd.getTime() ||
      sub.cancelAtPeriodEnd ||
      sub.renewalOrderId !== null ||
      sub.lifecycleSent.includes("renewal_due") ||
      sub.status === "cancelled" ||
      sub.status === "pending"
    )
      return 0;
    await announceRenewal(tx, renewal, order, now, messageLinksOf(params.orderSettings));
    const sent = [...sub.lifecycleSent, "renewal_due"];
    const schedule = planSubscriptionSchedule({
      status: sub.status,
      cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
      currentPeriodEnd: sub.currentPeriodEnd,
      gracePeriodDays: renewal.gracePeriodDays,
      renewalLeadDays: renewal.renewalLeadDays,
      sent,
      now,
    });
    // Anything else due now is the next sweep's: as soon as possible.
    const dueAt = schedule.due.length > 0 ? now : schedule.next;
    await saveSchedules(tx, "subscriptions", [{ id: sub.id, sent, dueAt }]);
    return 1;
  });
}

import {
  type DurationUnit,
  type Executor,
  inArray,
  type OrderStatus,
  type SubscriptionStatus,
  subscriptions,
} from "@keyway/db";
import { orderTookPayment, type SubscriptionRepeat } from "@keyway/schema";
import { addDuration } from "../shared/duration";

/**
 * How a subscription's order repeats, for the pay page, the thank-you page and the receipt: the
 * cycle it was priced at and the next charge. Unpaid, the next charge is one cycle after paying
 * now; paid, it is the subscription's period end. Nothing repeats once the subscription is set to
 * end, or when the order failed.
 */

export interface RepeatOrder {
  subscriptionId: number | null;
  status: OrderStatus;
  durationValue: number | null;
  durationUnit: DurationUnit | null;
  amount: number;
  currency: string;
}

export interface RepeatSubscription {
  status: SubscriptionStatus;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: Date | null;
}

export function subscriptionRepeat(
  order: RepeatOrder,
  subscription: RepeatSubscription | null,
  now: Date,
): SubscriptionRepeat | null {
  const { durationValue, durationUnit } = order;
  if (order.subscriptionId === null || !subscription || !durationValue || !durationUnit) return null;
  if (
    subscription.cancelAtPeriodEnd ||
    subscription.status === "cancelled" ||
    subscription.status === "expired"
  )
    return null;
  let nextChargeAt: Date | null = null;
  if (order.status === "pending") nextChargeAt = addDuration(now, durationValue, durationUnit);
  else if (orderTookPayment(order.status)) nextChargeAt = subscription.currentPeriodEnd;
  if (!nextChargeAt) return null;
  return {
    durationValue,
    durationUnit,
    amount: order.amount,
    currency: order.currency,
    nextChargeAt: nextChargeAt.toISOString(),
  };
}

/** The subscriptions the orders belong to, by id, in one query. */
export async function repeatSubscriptions(
  db: Executor,
  ids: readonly (number | null)[],
): Promise<Map<number, RepeatSubscription>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({
      id: subscriptions.id,
      status: subscriptions.status,
      cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
      currentPeriodEnd: subscriptions.currentPeriodEnd,
    })
    .from(subscriptions)
    .where(inArray(subscriptions.id, wanted));
  return new Map(rows.map(({ id, ...facts }) => [id, facts]));
}

import type { OrderStatus, orders } from "@keyway/db";
import type { RecordEventParams } from "../events/record-event";

/**
 * When an unpaid order stops taking payment: `ttlMinutes` (the host's `ORDER_TTL_MINUTES`) after
 * it opened. Set on the order when it opens; afterwards only `expiresAt` counts.
 */
export function orderExpiresAt(openedAt: Date, ttlMinutes: number): Date {
  return new Date(openedAt.getTime() + ttlMinutes * 60_000);
}

/** True once the order no longer takes payment: a payment now is refused, a gateway must not capture. */
export function isOrderExpired(order: { expiresAt: Date }, now: Date): boolean {
  return order.expiresAt <= now;
}

/** An unpaid order past its expiry reads as expired, whether or not anything has marked it. */
export function orderStatusAt(order: { status: OrderStatus; expiresAt: Date }, now: Date): OrderStatus {
  return order.status === "pending" && isOrderExpired(order, now) ? "expired" : order.status;
}

type ExpiringOrder = Pick<
  typeof orders.$inferSelect,
  | "id"
  | "vendorId"
  | "reference"
  | "kind"
  | "amount"
  | "currency"
  | "testMode"
  | "licenseId"
  | "subscriptionId"
>;

/**
 * `order.expired`, as every path that marks an unpaid order expired announces it: the scheduler
 * (lifecycle/sweep-orders.ts), and a payment that arrives too late (apply-payment.ts).
 */
export function orderExpiredEvent(order: ExpiringOrder, now: Date): RecordEventParams {
  return {
    vendorId: order.vendorId,
    type: "order.expired",
    subjectType: "order",
    subjectId: order.id,
    licenseId: order.licenseId,
    data: {
      order_id: order.id,
      reference: order.reference,
      kind: order.kind,
      amount: order.amount,
      currency: order.currency,
      license_id: order.licenseId,
      subscription_id: order.subscriptionId,
      test_mode: order.testMode,
    },
    now,
  };
}

import type { OrderStatus } from "@keyway/db";

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

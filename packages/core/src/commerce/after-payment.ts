import type { OrderStatus } from "@keyway/db";

/** The portal's page of an order (`/orders/<token>`): its status, and its keys once paid. */
export function orderPageUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/orders/${token}`;
}

/** The sandbox gateway's hosted pay page of an order. */
export function payPageUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/pay/${token}`;
}

/**
 * Where the buyer's browser goes once a payment attempt ends, whatever the gateway (the sandbox
 * pay page, a provider's return or cancel link). As the checkout contracts say (seed 001's
 * `returnURL` / `cancelURL`): the return URL when the order is paid, the cancel URL when the
 * buyer cancelled; otherwise — failed, expired, still pending, or no URL given — the portal's
 * order page, which shows what happened.
 */
export function pageAfterPayment(
  publicUrl: string,
  order: { token: string; status: OrderStatus; returnUrl: string | null; cancelUrl: string | null },
  buyer: { cancelled: boolean },
): string {
  const orderPage = orderPageUrl(publicUrl, order.token);
  if (order.status === "paid") return order.returnUrl ?? orderPage;
  if (buyer.cancelled || order.status === "cancelled") return order.cancelUrl ?? orderPage;
  return orderPage;
}

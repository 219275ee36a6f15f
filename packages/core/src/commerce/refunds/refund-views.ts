import { and, asc, disputes, type Executor, eq, orders, refunds } from "@keyway/db";
import type { Dispute, Refund } from "@keyway/schema";
import { DomainError } from "../../shared/errors";

type RefundRow = typeof refunds.$inferSelect;
type DisputeRow = typeof disputes.$inferSelect;

export function refundView(r: RefundRow): Refund {
  return {
    id: r.id,
    orderId: r.orderId,
    gateway: r.gateway,
    gatewayRefundId: r.gatewayRefundId,
    status: r.status,
    source: r.source,
    amount: r.amount,
    currency: r.currency,
    reason: r.reason,
    licenseAction: r.licenseAction,
    failureReason: r.failureReason,
    createdAt: r.createdAt.toISOString(),
  };
}

export function disputeView(d: DisputeRow): Dispute {
  return {
    id: d.id,
    orderId: d.orderId,
    gateway: d.gateway,
    gatewayDisputeId: d.gatewayDisputeId,
    status: d.status,
    amount: d.amount,
    currency: d.currency,
    reason: d.reason,
    openedAt: d.openedAt.toISOString(),
    closedAt: d.closedAt?.toISOString() ?? null,
  };
}

/**
 * An order's refunds and disputes, oldest first (its receipt, the console's order page). Another
 * vendor's order is not found, as for every order read.
 */
export async function listOrderMoneyBack(
  db: Executor,
  params: { vendorId: string; orderId: string },
): Promise<{ refunds: Refund[]; disputes: Dispute[] }> {
  const [order] = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.id, params.orderId), eq(orders.vendorId, params.vendorId)));
  if (!order) throw new DomainError("not_found", "Order not found.");
  const [refundRows, disputeRows] = await Promise.all([
    db
      .select()
      .from(refunds)
      .where(and(eq(refunds.orderId, params.orderId), eq(refunds.vendorId, params.vendorId)))
      .orderBy(asc(refunds.createdAt), asc(refunds.id)),
    db
      .select()
      .from(disputes)
      .where(and(eq(disputes.orderId, params.orderId), eq(disputes.vendorId, params.vendorId)))
      .orderBy(asc(disputes.openedAt), asc(disputes.id)),
  ]);
  return { refunds: refundRows.map(refundView), disputes: disputeRows.map(disputeView) };
}

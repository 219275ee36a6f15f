import {
  and,
  type Executor,
  eq,
  isNull,
  type OrderStatus,
  orders,
  products,
  type RefundLicenseAction,
  type RefundSource,
  refunds,
} from "@keyway/db";
import { formatDecimalAmount, refundLicenseAction } from "@keyway/schema";
import { recordEvent } from "../../events/record-event";
import { queueOrderMessage } from "../../messages/order-messages";
import type { MessageLinks } from "../../messages/unsubscribe";
import { DomainError } from "../../shared/errors";
import { changeOrderLicenses } from "./order-licenses";

export type OrderRow = typeof orders.$inferSelect;
export type RefundRow = typeof refunds.$inferSelect;

/** Orders money can go back from: paid, or paid in part back already. */
export const REFUNDABLE: OrderStatus[] = ["paid", "partially_refunded"];

/** What a refund of `order` does to its licenses when the caller does not say (`refundLicenseAction`). */
export async function defaultLicenseAction(
  tx: Executor,
  order: OrderRow,
  full: boolean,
): Promise<RefundLicenseAction> {
  const [product] = order.productId
    ? await tx.select({ onRefund: products.onRefund }).from(products).where(eq(products.id, order.productId))
    : [];
  return refundLicenseAction({ productOnRefund: product?.onRefund, full });
}

/** The order's status once `refundedAmount` of it went back. */
export function statusAfterRefund(order: Pick<OrderRow, "amount">, refundedAmount: number): OrderStatus {
  return refundedAmount >= order.amount ? "refunded" : "partially_refunded";
}

/**
 * Settles one refund on a locked order: the order's refunded total and status, the licenses as
 * `licenseAction` says, the timeline and `payment.refunded`. Call it in the transaction that
 * holds the order's row lock (`lockOrder`), with the refund row already written or updated.
 */
export async function settleRefund(
  tx: Executor,
  params: {
    order: OrderRow;
    refund: RefundRow;
    actor: string;
    now: Date;
    /** The links of the customer's refund notice (the host's public URL). */
    messages?: MessageLinks | null | undefined;
  },
): Promise<OrderRow> {
  const { order, refund, now } = params;
  const refundedAmount = Math.min(order.amount, order.refundedAmount + refund.amount);
  const status = statusAfterRefund(order, refundedAmount);
  const [updated] = await tx
    .update(orders)
    .set({ refundedAmount, status, updatedAt: now })
    .where(eq(orders.id, order.id))
    .returning();
  if (!updated) throw new DomainError("not_found", "Order not found.");
  const changed =
    refund.licenseAction === "keep"
      ? []
      : await changeOrderLicenses(tx, {
          order,
          change: refund.licenseAction,
          reason: `refund ${refund.id}`,
          actor: params.actor,
          now,
        });
  const { eventId } = await recordEvent(tx, {
    vendorId: order.vendorId,
    type: "payment.refunded",
    subjectType: "order",
    subjectId: order.id,
    licenseId: order.licenseId ?? changed[0] ?? null,
    actor: params.actor,
    data: {
      order_id: order.id,
      reference: order.reference,
      refund_id: refund.id,
      gateway: refund.gateway,
      gateway_refund_id: refund.gatewayRefundId,
      source: refund.source,
      amount: refund.amount,
      amount_decimal: formatDecimalAmount(refund.amount, refund.currency),
      currency: refund.currency,
      refunded_total: refundedAmount,
      order_status: status,
      reason: refund.reason,
      license_action: refund.licenseAction,
      license_ids: changed,
      test_mode: order.testMode,
    },
    now,
  });
  await queueOrderMessage(tx, {
    order: updated,
    kind: "payment.refunded",
    eventId,
    amount: refund.amount,
    licenseId: order.licenseId ?? changed[0] ?? null,
    links: params.messages,
    now,
  });
  return updated;
}

/** Locks an order row for a money change (refunds, disputes and payments serialise on it). */
export async function lockOrder(tx: Executor, where: { id: string; vendorId?: string }): Promise<OrderRow> {
  const [order] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.id, where.id), where.vendorId ? eq(orders.vendorId, where.vendorId) : undefined))
    .for("update");
  if (!order) throw new DomainError("not_found", "Order not found.");
  return order;
}

/**
 * A refund the provider reports (its dashboard, a reversal, or the confirmation of one Keyway
 * asked for), on a locked order. The same provider refund twice changes nothing. A refund Keyway
 * is still waiting on (pending, no provider id yet) with the same amount is that refund: it is
 * adopted rather than counted twice. A refund for an order whose payment was never applied
 * (the refund won the race with the payment callback) ends the order `refunded` and revokes
 * what it reserved, so the late payment callback finds nothing to fulfil.
 */
export async function applyProviderRefund(
  tx: Executor,
  params: {
    order: OrderRow;
    gatewayRefundId: string;
    amount: number;
    currency: string;
    totalRefunded?: number | undefined;
    reason?: string | null | undefined;
    raw: Record<string, unknown>;
    actor: string;
    now: Date;
    messages?: MessageLinks | null | undefined;
  },
): Promise<{ applied: boolean; order: OrderRow }> {
  const { order, now } = params;
  const [known] = await tx
    .select()
    .from(refunds)
    .where(and(eq(refunds.gateway, order.gateway), eq(refunds.gatewayRefundId, params.gatewayRefundId)));
  if (known && known.status !== "pending") return { applied: false, order };
  if (params.currency.toUpperCase() !== order.currency.toUpperCase())
    throw new DomainError("invalid_input", "The refund's currency is not the order's.");
  // A running total (Stripe): only what Keyway has not recorded yet is new.
  const amount =
    params.totalRefunded === undefined
      ? params.amount
      : Math.max(0, params.totalRefunded - order.refundedAmount);
  const left = order.amount - order.refundedAmount;
  if (known) {
    const [settled] = await tx
      .update(refunds)
      .set({ status: "succeeded", raw: params.raw, updatedAt: now })
      .where(eq(refunds.id, known.id))
      .returning();
    if (!settled) return { applied: false, order };
    return {
      applied: true,
      order: await settleRefund(tx, {
        order,
        refund: settled,
        actor: params.actor,
        now,
        messages: params.messages,
      }),
    };
  }
  if (amount <= 0 || left <= 0) return { applied: false, order };
  const [waiting] = await tx
    .select()
    .from(refunds)
    .where(
      and(
        eq(refunds.orderId, order.id),
        eq(refunds.status, "pending"),
        isNull(refunds.gatewayRefundId),
        eq(refunds.amount, amount),
      ),
    )
    .limit(1);
  if (waiting) {
    const [adopted] = await tx
      .update(refunds)
      .set({ status: "succeeded", gatewayRefundId: params.gatewayRefundId, raw: params.raw, updatedAt: now })
      .where(eq(refunds.id, waiting.id))
      .returning();
    if (adopted)
      return {
        applied: true,
        order: await settleRefund(tx, {
          order,
          refund: adopted,
          actor: params.actor,
          now,
          messages: params.messages,
        }),
      };
  }
  const money = Math.min(amount, left);
  const neverPaid = order.status === "pending";
  const licenseAction = neverPaid
    ? "revoke"
    : await defaultLicenseAction(tx, order, order.refundedAmount + money >= order.amount);
  const [refund] = await tx
    .insert(refunds)
    .values({
      vendorId: order.vendorId,
      orderId: order.id,
      gateway: order.gateway,
      gatewayRefundId: params.gatewayRefundId,
      status: "succeeded",
      source: "provider" satisfies RefundSource,
      amount: money,
      currency: order.currency,
      reason: params.reason ?? null,
      licenseAction,
      actor: params.actor,
      raw: params.raw,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!refund) return { applied: false, order };
  return {
    applied: true,
    order: await settleRefund(tx, { order, refund, actor: params.actor, now, messages: params.messages }),
  };
}

import { and, type Database, eq, payments, type RefundLicenseAction, refunds, sum } from "@keyway/db";
import type { RefundOrderInput, RefundResult } from "@keyway/schema";
import { formatDecimalAmount } from "@keyway/schema";
import type { MessageLinks } from "../../messages/unsubscribe";
import { DomainError } from "../../shared/errors";
import { type GatewayAccounts, orderGateway } from "../gateways/accounts";
import type { RefundOutcome } from "../gateways/gateway";
import {
  defaultLicenseAction,
  lockOrder,
  type OrderRow,
  REFUNDABLE,
  type RefundRow,
  settleRefund,
} from "./apply-refund";
import { refundView } from "./refund-views";

export interface RefundOrderParams extends RefundOrderInput {
  vendorId: string;
  accounts: GatewayAccounts;
  actor: string;
  now?: Date;
  /** The links of the customer's refund notice (the host's public URL). */
  messages?: MessageLinks | null | undefined;
}

/**
 * A vendor gives money back through Keyway: full (the default: all that is left) or partial,
 * never more than was paid, several partial refunds adding up. In three steps so that no row
 * lock waits on the network: (1) with the order locked, the refund is written `pending` and
 * counts against what is left, so concurrent refunds cannot together exceed the payment;
 * (2) the provider is asked, under the refund's id as its idempotency key; (3) with the order
 * locked again, the answer is settled — succeeded: the order, its licenses, the timeline and
 * `payment.refunded` change together; pending: the provider's webhook settles it later;
 * failed: recorded, and the vendor told. A gateway without a refund API (UPI Gateway) records
 * the refund as made outside Keyway, settled at once.
 */
export async function refundOrder(db: Database, params: RefundOrderParams): Promise<RefundResult> {
  const now = params.now ?? new Date();
  const prepared = await db.transaction(async (tx) => {
    const order = await lockOrder(tx, { id: params.orderId, vendorId: params.vendorId });
    if (!REFUNDABLE.includes(order.status))
      throw new DomainError(
        "conflict",
        `Only a paid order can be refunded; this one is ${order.status.replace("_", " ")}.`,
      );
    const [waiting] = await tx
      .select({ total: sum(refunds.amount).mapWith(Number) })
      .from(refunds)
      .where(and(eq(refunds.orderId, order.id), eq(refunds.status, "pending")));
    const left = order.amount - order.refundedAmount - (waiting?.total ?? 0);
    if (left <= 0) throw new DomainError("conflict", "Nothing is left to refund on this order.");
    const amount = params.amount ?? left;
    if (amount > left) {
      throw new DomainError(
        "invalid_input",
        `amount is more than what is left to refund: at most ${formatDecimalAmount(left, order.currency)} ${order.currency} (${left} in minor units).`,
        { field: "amount", left },
      );
    }
    const [payment] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.orderId, order.id), eq(payments.status, "succeeded")))
      .limit(1);
    const full = order.refundedAmount + amount >= order.amount;
    const licenseAction: RefundLicenseAction =
      params.licenseAction ?? (await defaultLicenseAction(tx, order, full));
    const gateway = await orderGateway(tx, params.accounts, order);
    const outside = order.gateway !== "sandbox" && !gateway?.refund;
    if (order.gateway !== "sandbox" && !gateway)
      throw new DomainError(
        "payments_unavailable",
        `This store's ${order.gateway} account is no longer configured here.`,
      );
    const [refund] = await tx
      .insert(refunds)
      .values({
        vendorId: order.vendorId,
        orderId: order.id,
        paymentId: payment?.id ?? null,
        gateway: order.gateway,
        status: outside ? "succeeded" : "pending",
        source: outside ? "outside" : "keyway",
        amount,
        currency: order.currency,
        reason: params.reason ?? null,
        licenseAction,
        actor: params.actor,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!refund) throw new DomainError("internal", "The refund could not be written.");
    if (outside) {
      const settled = await settleRefund(tx, {
        order,
        refund,
        actor: params.actor,
        now,
        messages: params.messages,
      });
      return { kind: "settled", result: resultOf(refund, settled) } as const;
    }
    return { kind: "ask", order, refund, payment, gateway } as const;
  });
  if (prepared.kind === "settled") return prepared.result;

  const { order, refund, payment, gateway } = prepared;
  let outcome: RefundOutcome;
  try {
    outcome =
      order.gateway === "sandbox" || !gateway?.refund
        ? // The sandbox moved no money: its refund is immediate.
          { gatewayRefundId: `SBX-RFD-${refund.id}`, status: "succeeded", raw: { sandbox: true } }
        : await gateway.refund({
            reference: order.reference,
            gatewayOrderId: order.gatewayOrderId,
            gatewayTxnId: payment?.gatewayTxnId ?? "",
            amount: refund.amount,
            currency: order.currency,
            reason: refund.reason,
            idempotencyKey: refund.id,
          });
  } catch (error) {
    const message = error instanceof DomainError ? error.message : "The payment gateway could not refund.";
    await db
      .update(refunds)
      .set({ status: "failed", failureReason: message, updatedAt: now })
      .where(and(eq(refunds.id, refund.id), eq(refunds.status, "pending")));
    throw error instanceof DomainError ? error : new DomainError("gateway_error", message);
  }
  return settleKeywayRefund(db, { refund, outcome, actor: params.actor, now, messages: params.messages });
}

/** Step 3: the provider's answer, settled on the locked order (a webhook may have settled it first). */
async function settleKeywayRefund(
  db: Database,
  params: {
    refund: RefundRow;
    outcome: RefundOutcome;
    actor: string;
    now: Date;
    messages?: MessageLinks | null | undefined;
  },
): Promise<RefundResult> {
  const { outcome, now } = params;
  const result = await db.transaction(async (tx) => {
    const order = await lockOrder(tx, { id: params.refund.orderId });
    const [current] = await tx.select().from(refunds).where(eq(refunds.id, params.refund.id)).for("update");
    if (!current) throw new DomainError("internal", "The refund disappeared.");
    // The provider's webhook adopted it meanwhile (applyProviderRefund): already settled.
    if (current.status !== "pending") return resultOf(current, order);
    if (outcome.status === "failed") {
      const [failed] = await tx
        .update(refunds)
        .set({
          status: "failed",
          gatewayRefundId: outcome.gatewayRefundId,
          failureReason: "The payment gateway refused the refund.",
          raw: outcome.raw,
          updatedAt: now,
        })
        .where(eq(refunds.id, current.id))
        .returning();
      return resultOf(failed ?? current, order);
    }
    const [updated] = await tx
      .update(refunds)
      .set({
        status: outcome.status,
        gatewayRefundId: outcome.gatewayRefundId,
        raw: outcome.raw,
        updatedAt: now,
      })
      .where(eq(refunds.id, current.id))
      .returning();
    if (!updated) throw new DomainError("internal", "The refund disappeared.");
    if (updated.status === "pending") return resultOf(updated, order);
    return resultOf(
      updated,
      await settleRefund(tx, { order, refund: updated, actor: params.actor, now, messages: params.messages }),
    );
  });
  if (result.refund.status === "failed")
    throw new DomainError("gateway_error", `The payment gateway refused the refund (${result.refund.id}).`);
  return result;
}

function resultOf(refund: RefundRow, order: OrderRow): RefundResult {
  return {
    refund: refundView(refund),
    order: {
      id: order.id,
      status: order.status,
      amount: order.amount,
      refundedAmount: order.refundedAmount,
      currency: order.currency,
    },
  };
}

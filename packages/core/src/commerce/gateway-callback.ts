import { and, type Executor, eq, type OrderStatus, orders, payments } from "@keyway/db";
import { AuditActor } from "@keyway/schema";
import { recordEvent } from "../events/record-event";
import type { MessageLinks } from "../messages/unsubscribe";
import { DomainError } from "../shared/errors";
import { type ApplyPaymentOutcome, applyPaymentResult } from "./apply-payment";
import { type CallbackAccount, callbackAccount, type GatewayAccounts } from "./gateways/accounts";
import type { CallbackClaim, GatewayCallback, ProviderEvent } from "./gateways/gateway";
import { applyDispute } from "./refunds/apply-dispute";
import { applyProviderRefund, lockOrder, type OrderRow } from "./refunds/apply-refund";

export interface GatewayCallbackOutcome {
  outcome: ApplyPaymentOutcome["status"] | "pending";
  orderId: string;
  token: string;
  orderStatus: OrderStatus;
  returnUrl: string | null;
  cancelUrl: string | null;
}

/**
 * Every real gateway's callback, webhook and return takes this path. The URL names the provider
 * account it arrived on (a vendor's own, or the server-wide one); that account's gateway
 * authenticates the request (signature, with the account's own webhook secret) and names an
 * order. An order that did not open on that account is refused and recorded: a callback on
 * vendor B's account can never settle vendor A's order. Then:
 * - a payment claim is never trusted as it comes: the order's state is asked of the provider
 *   and applied through `applyPaymentResult`, the one ledger path;
 * - a refund or dispute event (signed: trusted on the provider's signature) takes the refund and
 *   dispute paths on the locked order.
 */
export async function handleGatewayCallback(
  db: Executor,
  params: {
    accounts: GatewayAccounts;
    gateway: string;
    /** The vendor a `/webhooks/gateways/<gateway>/vendors/<slug>` URL names; null: the server-wide account. */
    vendorSlug: string | null;
    callback: GatewayCallback;
    now?: Date;
    /** The host's public URL and secret box: the links of the customer's messages. */
    messages?: MessageLinks | null | undefined;
  },
): Promise<GatewayCallbackOutcome> {
  const now = params.now ?? new Date();
  const account = await callbackAccount(db, params.accounts, params);
  const { gateway } = account;
  if (!gateway.verifyCallback || !gateway.fetchStatus)
    throw new DomainError("not_found", "Unknown payment gateway.");
  const claim = await gateway.verifyCallback(params.callback);
  if (!claim) throw new DomainError("unauthorized", "The callback could not be verified.");
  const order = await claimedOrder(db, gateway.name, claim);
  if (!order) throw new DomainError("not_found", "Order not found.");
  await refuseOtherAccounts(db, { order, account, now });

  const view = (outcome: GatewayCallbackOutcome["outcome"], orderStatus: OrderStatus) => ({
    outcome,
    orderId: order.id,
    token: order.token,
    orderStatus,
    returnUrl: order.returnUrl,
    cancelUrl: order.cancelUrl,
  });
  if (claim.event) {
    const applied = await applyProviderEvent(db, {
      orderId: order.id,
      event: claim.event,
      gateway: gateway.name,
      now,
      messages: params.messages,
    });
    return view(applied.applied ? "applied" : "unchanged", applied.orderStatus);
  }
  if (order.status !== "pending") return view("unchanged", order.status);
  const result = await gateway.fetchStatus(
    {
      reference: order.reference,
      gatewayOrderId: order.gatewayOrderId,
      createdAt: order.createdAt,
      amount: order.amount,
      currency: order.currency,
      expiresAt: order.expiresAt,
    },
    now,
  );
  if (!result) return view("pending", "pending");
  const applied = await applyPaymentResult(db, result, { now, messages: params.messages });
  return view(applied.status, applied.orderStatus);
}

/** The order a claim names: by reference or the provider's order id, or by its payment's id (refunds, disputes). */
async function claimedOrder(
  db: Executor,
  gateway: string,
  claim: CallbackClaim,
): Promise<OrderRow | undefined> {
  if (claim.reference || claim.gatewayOrderId) {
    const [order] = await db
      .select()
      .from(orders)
      .where(
        and(
          eq(orders.gateway, gateway as OrderRow["gateway"]),
          claim.reference ? eq(orders.reference, claim.reference) : undefined,
          claim.gatewayOrderId ? eq(orders.gatewayOrderId, claim.gatewayOrderId) : undefined,
        ),
      );
    if (order || !claim.gatewayTxnId) return order;
  }
  if (!claim.gatewayTxnId) return undefined;
  const [row] = await db
    .select({ order: orders })
    .from(payments)
    .innerJoin(orders, eq(orders.id, payments.orderId))
    .where(
      and(
        eq(payments.gateway, gateway as OrderRow["gateway"]),
        eq(payments.gatewayTxnId, claim.gatewayTxnId),
        eq(payments.status, "succeeded"),
      ),
    );
  return row?.order;
}

/** A callback that arrived on an account the order did not open on: recorded on the order, then refused. */
async function refuseOtherAccounts(
  db: Executor,
  params: { order: OrderRow; account: CallbackAccount; now: Date },
): Promise<void> {
  const { order, account, now } = params;
  const opened = order.gatewayAccount ?? "server";
  if (order.vendorId === account.vendorId && opened === account.account) return;
  const where = account.account === "vendor" ? "another vendor's account" : "the server-wide account";
  await recordEvent(db, {
    vendorId: order.vendorId,
    type: "payment.refused",
    subjectType: "order",
    subjectId: order.id,
    licenseId: order.licenseId,
    actor: AuditActor.gateway(account.gateway.name),
    data: {
      order_id: order.id,
      reference: order.reference,
      reason: `a ${account.gateway.name} callback for this order arrived on ${where}`,
      amount: order.amount,
      currency: order.currency,
    },
    now,
  });
  throw new DomainError("forbidden", "This callback belongs to another account.");
}

/** A signed refund or dispute report, on the order's row lock (payments serialise on it too). */
export async function applyProviderEvent(
  db: Executor,
  params: {
    orderId: string;
    event: ProviderEvent;
    gateway: string;
    now: Date;
    messages?: MessageLinks | null | undefined;
  },
): Promise<{ applied: boolean; orderStatus: OrderStatus }> {
  const actor = AuditActor.gateway(params.gateway);
  const { event, now } = params;
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, { id: params.orderId });
    if (event.kind === "refund") {
      const result = await applyProviderRefund(tx, {
        order,
        gatewayRefundId: event.gatewayRefundId,
        amount: event.amount,
        currency: event.currency,
        totalRefunded: event.totalRefunded,
        reason: event.reason,
        raw: event.raw,
        actor,
        now,
        messages: params.messages,
      });
      return { applied: result.applied, orderStatus: result.order.status };
    }
    const { kind: _dispute, ...report } = event;
    const result = await applyDispute(tx, { order, report, actor, now });
    return { applied: result.applied, orderStatus: order.status };
  });
}

import { and, type Executor, eq, type GatewayName, orders } from "@keyway/db";
import { DomainError } from "../shared/errors";
import { type ApplyPaymentOutcome, applyPaymentResult } from "./apply-payment";
import type { GatewayCallback, GatewayRegistry } from "./gateways/gateway";

export interface GatewayCallbackOutcome {
  outcome: ApplyPaymentOutcome["status"] | "pending";
  orderId: string;
  token: string;
  orderStatus: "pending" | "paid" | "failed" | "cancelled" | "expired";
  returnUrl: string | null;
  cancelUrl: string | null;
}

/**
 * Every real gateway's callback and return take this path: the gateway authenticates the
 * request and names the order; the order's state is then asked of the provider (never taken
 * from the callback itself) and applied through `applyPaymentResult`, the one ledger path.
 */
export async function handleGatewayCallback(
  db: Executor,
  params: { gateways: GatewayRegistry; gateway: string; callback: GatewayCallback; now?: Date },
): Promise<GatewayCallbackOutcome> {
  const gateway = params.gateways[params.gateway as GatewayName];
  if (!gateway || gateway.name === "sandbox" || !gateway.verifyCallback || !gateway.fetchStatus)
    throw new DomainError("not_found", "Unknown payment gateway.");
  const claim = await gateway.verifyCallback(params.callback);
  if (!claim) throw new DomainError("unauthorized", "The callback could not be verified.");
  const [order] = await db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.gateway, gateway.name),
        claim.reference ? eq(orders.reference, claim.reference) : undefined,
        claim.gatewayOrderId ? eq(orders.gatewayOrderId, claim.gatewayOrderId) : undefined,
      ),
    );
  if (!order) throw new DomainError("not_found", "Order not found.");
  const view = (
    outcome: GatewayCallbackOutcome["outcome"],
    orderStatus: GatewayCallbackOutcome["orderStatus"],
  ) => ({
    outcome,
    orderId: order.id,
    token: order.token,
    orderStatus,
    returnUrl: order.returnUrl,
    cancelUrl: order.cancelUrl,
  });
  if (order.status !== "pending") return view("unchanged", order.status);
  const now = params.now ?? new Date();
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
  const applied = await applyPaymentResult(db, result, { now });
  return view(applied.status, applied.orderStatus);
}

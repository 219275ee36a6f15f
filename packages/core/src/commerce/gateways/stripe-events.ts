import type Stripe from "stripe";
import type { CallbackClaim, ProviderEvent } from "./gateway";

/** An id from a field Stripe returns either as the id or, when expanded, as the object. */
export function idOf(value: string | { id: string } | null | undefined): string | undefined {
  if (!value) return undefined;
  return typeof value === "string" ? value : value.id;
}

/**
 * What a verified Stripe event says: which order a payment event is about, or the refund or
 * dispute it reports (named by the payment intent Keyway stored as the payment's id). Events
 * Keyway does not act on give null.
 */
export function claimOfStripeEvent(event: Stripe.Event): CallbackClaim | null {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired": {
      const session = event.data.object;
      const reference = session.client_reference_id;
      return { gatewayOrderId: session.id, ...(reference ? { reference } : {}) };
    }
    case "payment_intent.succeeded":
    case "payment_intent.payment_failed": {
      const intent = event.data.object;
      const reference = intent.metadata?.reference;
      // Without Keyway's reference (a payment made elsewhere on the account) no order is named.
      return reference ? { gatewayTxnId: intent.id, reference } : null;
    }
    case "charge.refunded":
      return refundClaim(event);
    case "charge.dispute.created":
    case "charge.dispute.updated":
    case "charge.dispute.closed":
    case "charge.dispute.funds_withdrawn":
    case "charge.dispute.funds_reinstated":
      return disputeClaim(event.data.object);
    default:
      return null;
  }
}

function refundClaim(event: Stripe.ChargeRefundedEvent): CallbackClaim | null {
  const charge = event.data.object;
  const paymentIntent = idOf(charge.payment_intent);
  if (!paymentIntent) return null;
  // `refunds` is not part of a charge unless expanded: without it the event still gives the
  // running total (`amount_refunded`), and the previous one when Stripe includes it.
  const latest = [...(charge.refunds?.data ?? [])].sort((a, b) => b.created - a.created)[0];
  const before = (event.data.previous_attributes as { amount_refunded?: unknown } | undefined)
    ?.amount_refunded;
  const amount = latest
    ? latest.amount
    : typeof before === "number"
      ? charge.amount_refunded - before
      : charge.amount_refunded;
  const refund: ProviderEvent = {
    kind: "refund",
    gatewayRefundId: latest?.id ?? `${charge.id}:${charge.amount_refunded}`,
    amount,
    totalRefunded: charge.amount_refunded,
    currency: charge.currency.toUpperCase(),
    reason: latest?.reason ?? null,
    raw: charge as unknown as Record<string, unknown>,
  };
  return { gatewayTxnId: paymentIntent, event: refund };
}

function disputeClaim(dispute: Stripe.Dispute): CallbackClaim | null {
  const paymentIntent = idOf(dispute.payment_intent);
  // Keyway knows a payment by its payment intent. A dispute on a bare charge (made without one,
  // e.g. through the legacy Charges API) cannot be one of Keyway's payments: it is not mapped,
  // rather than looked up with an extra API call inside the webhook.
  if (!paymentIntent) return null;
  const event: ProviderEvent = {
    kind: "dispute",
    gatewayDisputeId: dispute.id,
    status: disputeStatus(dispute.status),
    amount: dispute.amount,
    currency: dispute.currency.toUpperCase(),
    reason: dispute.reason ?? null,
    raw: dispute as unknown as Record<string, unknown>,
  };
  return { gatewayTxnId: paymentIntent, event };
}

/**
 * `warning_closed`: an inquiry closed without becoming a chargeback, so the merchant keeps the
 * money. Every other status (`needs_response`, `under_review`, `warning_*`, `appeal_*`, …) is
 * still being decided.
 */
function disputeStatus(status: Stripe.Dispute.Status): "open" | "won" | "lost" {
  if (status === "won" || status === "warning_closed") return "won";
  if (status === "lost") return "lost";
  return "open";
}

import { minorFromDecimal } from "@keyway/schema";
import type { CallbackClaim, PaymentResult, ProviderEvent, RefundOutcome } from "./gateway";
import { field, record } from "./http";

// What PayPal's bodies (orders, refunds, webhook events) mean to Keyway; paypal.ts speaks HTTP.

/**
 * What a verified PayPal webhook event is about. Payment events name the order (its state is
 * then asked of PayPal); refund and dispute events name the capture, which is the payment's
 * `gatewayTxnId` in Keyway, and carry the event itself.
 */
export function claimOfEvent(event: Record<string, unknown>): CallbackClaim | null {
  const type = field(event, "event_type") ?? "";
  const resource = record(event.resource);
  if (!resource) return null;
  // Before the generic PAYMENT.CAPTURE. branch: these carry a refund object, not a capture.
  if (type === "PAYMENT.CAPTURE.REFUNDED" || type === "PAYMENT.CAPTURE.REVERSED")
    return refundClaim(resource, event);
  if (type.startsWith("CUSTOMER.DISPUTE.")) return disputeClaim(resource, event, type);
  if (type.startsWith("CHECKOUT.ORDER.")) {
    const id = field(resource, "id");
    return id ? { gatewayOrderId: id } : null;
  }
  if (type.startsWith("PAYMENT.CAPTURE.")) {
    const orderId = field(record(record(resource.supplementary_data)?.related_ids), "order_id");
    const reference = field(resource, "custom_id");
    if (!orderId && !reference) return null;
    return { ...(orderId ? { gatewayOrderId: orderId } : {}), ...(reference ? { reference } : {}) };
  }
  return null;
}

/** A refund's status at PayPal as Keyway reads it; undefined for one it does not know. */
export function refundStatusOf(status: string | undefined): RefundOutcome["status"] | undefined {
  if (status === "COMPLETED") return "succeeded";
  if (status === "PENDING") return "pending";
  if (status === "FAILED" || status === "CANCELLED") return "failed";
  return undefined;
}

/**
 * A refund object has no capture-id field: its "up" link points at the capture
 * (`…/v2/payments/captures/{capture_id}`).
 */
function captureIdOf(refund: Record<string, unknown>): string | undefined {
  const links = Array.isArray(refund.links) ? refund.links.map(record) : [];
  const href = field(
    links.find((l) => field(l, "rel") === "up"),
    "href",
  );
  const segments = (href?.split(/[?#]/)[0] ?? "").split("/").filter(Boolean);
  const id = segments.at(-1);
  if (!id || segments.at(-2) !== "captures") return undefined;
  try {
    return decodeURIComponent(id);
  } catch {
    return undefined;
  }
}

function refundClaim(
  resource: Record<string, unknown>,
  event: Record<string, unknown>,
): CallbackClaim | null {
  const gatewayRefundId = field(resource, "id");
  const gatewayTxnId = captureIdOf(resource);
  const money = record(resource.amount);
  const currency = field(money, "currency_code") ?? "";
  const amount = minorFromDecimal(money?.value, currency);
  // A refund PayPal failed or cancelled gave nothing back: there is nothing to record.
  if (refundStatusOf(field(resource, "status")) === "failed") return null;
  if (!gatewayRefundId || !gatewayTxnId || amount === null || !currency) return null;
  const reference = field(resource, "custom_id");
  const refund: ProviderEvent = {
    kind: "refund",
    gatewayRefundId,
    amount,
    currency,
    reason: field(resource, "note_to_payer") ?? null,
    raw: event,
  };
  return { gatewayTxnId, ...(reference ? { reference } : {}), event: refund };
}

const WON = new Set(["RESOLVED_SELLER_FAVOUR", "CANCELED_BY_BUYER", "DENIED"]);
const LOST = new Set(["RESOLVED_BUYER_FAVOUR", "RESOLVED_WITH_PAYOUT", "ACCEPTED"]);

function disputeClaim(
  resource: Record<string, unknown>,
  event: Record<string, unknown>,
  type: string,
): CallbackClaim | null {
  const gatewayDisputeId = field(resource, "dispute_id");
  const transactions = Array.isArray(resource.disputed_transactions)
    ? resource.disputed_transactions.map(record)
    : [];
  const disputed = transactions[0];
  const gatewayTxnId = field(disputed, "seller_transaction_id");
  // The disputed amount; the transaction's gross amount when PayPal leaves it out.
  const money = record(resource.dispute_amount) ?? record(disputed?.gross_amount);
  const currency = field(money, "currency_code") ?? "";
  const amount = minorFromDecimal(money?.value, currency);
  if (!gatewayDisputeId || !gatewayTxnId || amount === null || !currency) return null;
  const outcome = field(record(resource.dispute_outcome), "outcome_code") ?? "";
  const resolved = field(resource, "status") === "RESOLVED" || type === "CUSTOMER.DISPUTE.RESOLVED";
  const status = resolved && WON.has(outcome) ? "won" : resolved && LOST.has(outcome) ? "lost" : "open";
  const dispute: ProviderEvent = {
    kind: "dispute",
    gatewayDisputeId,
    status,
    amount,
    currency,
    reason: field(resource, "reason") ?? null,
    raw: event,
  };
  return { gatewayTxnId, event: dispute };
}

/**
 * A capture refunded since was still paid: reading it as paid records the payment, and its
 * refunds are recorded from their own events (a refund can reach PayPal before the return does).
 */
const SETTLED = new Set(["COMPLETED", "PARTIALLY_REFUNDED", "REFUNDED"]);

/** The order's outcome from a PayPal order object, or null while the buyer has not finished. */
export function resultOf(reference: string, order: Record<string, unknown>): PaymentResult | null {
  const status = field(order, "status");
  const units = Array.isArray(order.purchase_units) ? order.purchase_units.map(record) : [];
  const captures = units.flatMap((u) => {
    const list = record(u?.payments)?.captures;
    return Array.isArray(list) ? list.map(record) : [];
  });
  const capture = captures.find((c) => SETTLED.has(field(c, "status") ?? "")) ?? captures[0];
  const captureStatus = field(capture, "status");
  const base = { gateway: "paypal" as const, reference, raw: order };
  if (capture && SETTLED.has(captureStatus ?? "")) {
    const amount = record(capture.amount);
    const currency = field(amount, "currency_code") ?? "";
    return {
      ...base,
      outcome: "paid",
      gatewayTxnId: field(capture, "id") ?? `PAYPAL-${field(order, "id") ?? reference}`,
      amount: minorFromDecimal(amount?.value, currency) ?? -1,
      currency,
    };
  }
  const unitAmount = record(units[0]?.amount);
  const failed = (outcome: "failed" | "cancelled", txn: string): PaymentResult => ({
    ...base,
    outcome,
    gatewayTxnId: txn,
    amount: minorFromDecimal(unitAmount?.value, field(unitAmount, "currency_code") ?? "") ?? -1,
    currency: field(unitAmount, "currency_code") ?? "",
  });
  if (captureStatus === "DECLINED" || captureStatus === "FAILED")
    return failed("failed", field(capture, "id") ?? `PAYPAL-${reference}-failed`);
  if (status === "VOIDED") return failed("cancelled", `PAYPAL-${reference}-voided`);
  return null;
}

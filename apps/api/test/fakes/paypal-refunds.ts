import { formatDecimalAmount, minorFromDecimal } from "@keyway/schema";
import {
  type DisputeEventType,
  type DisputeOutcome,
  disputeResource,
  type FakePayPalRefund,
  type Money,
  refundView,
  webhookEvent,
} from "./paypal-events";

type Capture = { id: string; status: string; amount: Money };
type Refunded = { refund: FakePayPalRefund } | { error: { status: number; body: unknown } };

/**
 * The fake PayPal's refunds and disputes of captures (Payments v2): what each capture has given
 * back, and the webhook events PayPal sends about them.
 */
export function createRefundDesk(deps: {
  findCapture: (id: string) => Capture | undefined;
  base: () => string;
  nextId: () => number;
}) {
  const refunds: FakePayPalRefund[] = [];
  const disputes = new Map<string, string>();
  const eventId = () => `WH-${String(deps.nextId()).padStart(17, "0")}`;

  /** Refunded so far (completed and pending refunds both hold the money back). */
  function refundedOf(captureId: string): Money {
    const currency = deps.findCapture(captureId)?.amount.currency_code ?? "USD";
    const minor = refunds
      .filter((r) => r.captureId === captureId)
      .reduce((sum, r) => sum + (minorFromDecimal(r.amount.value, currency) ?? 0), 0);
    return { currency_code: currency, value: formatDecimalAmount(minor, currency) };
  }

  /** Refunds a capture as PayPal does: an absent amount is what is left, never more than that. */
  function refundCapture(
    captureId: string,
    requested: Money | undefined,
    status: FakePayPalRefund["status"],
    extra: { custom_id?: string; note_to_payer?: string },
  ): Refunded {
    const capture = deps.findCapture(captureId);
    if (!capture) {
      const body = { name: "RESOURCE_NOT_FOUND", details: [{ issue: "INVALID_RESOURCE_ID" }] };
      return { error: { status: 404, body } };
    }
    const currency = capture.amount.currency_code;
    if (capture.status === "REFUNDED")
      return unprocessable("CAPTURE_FULLY_REFUNDED", "The capture has already been fully refunded.");
    if (capture.status !== "COMPLETED" && capture.status !== "PARTIALLY_REFUNDED")
      return unprocessable("REFUND_NOT_ALLOWED", "The capture cannot be refunded.");
    if (requested && requested.currency_code !== currency)
      return unprocessable(
        "REFUND_CAPTURE_CURRENCY_MISMATCH",
        "Refund must be in the same currency as the capture.",
      );
    const left =
      (minorFromDecimal(capture.amount.value, currency) ?? 0) -
      (minorFromDecimal(refundedOf(captureId).value, currency) ?? 0);
    const amount = requested ? minorFromDecimal(requested.value, currency) : left;
    if (amount === null) return unprocessable("DECIMAL_PRECISION", "The value has too many decimal places.");
    if (amount <= 0) return unprocessable("CANNOT_BE_ZERO_OR_NEGATIVE", "Must be greater than zero.");
    if (amount > left)
      return unprocessable(
        "REFUND_AMOUNT_EXCEEDED",
        "The refund amount must be less than or equal to the capture amount that has not yet been refunded.",
      );
    const refund: FakePayPalRefund = {
      id: `1Y10${String(deps.nextId()).padStart(13, "0")}`,
      captureId,
      status,
      amount: { currency_code: currency, value: formatDecimalAmount(amount, currency) },
      ...extra,
      create_time: new Date().toISOString(),
    };
    refunds.push(refund);
    capture.status = amount === left ? "REFUNDED" : "PARTIALLY_REFUNDED";
    return { refund };
  }

  /**
   * The PAYMENT.CAPTURE.REFUNDED (or `reversed`: REVERSED) event PayPal sends. Without `id`, or
   * with a new one, the vendor refunded `value` (PayPal's decimal string, e.g. "2.51") in the
   * dashboard: the fake records that refund. With the `id` of an earlier refund (one Keyway
   * made), it is that refund's event, now COMPLETED; `value` is then ignored. `customId`: the
   * refund was made through PayPal's API by another tool that named the order (`custom_id`).
   */
  function refundEvent(
    captureId: string,
    value: string,
    opts: { id?: string; reversed?: boolean; note?: string; customId?: string } = {},
  ) {
    let refund = opts.id ? refunds.find((r) => r.id === opts.id) : undefined;
    if (refund) refund.status = "COMPLETED";
    else {
      const currency = deps.findCapture(captureId)?.amount.currency_code ?? "";
      const extra = {
        ...(opts.note ? { note_to_payer: opts.note } : {}),
        ...(opts.customId ? { custom_id: opts.customId } : {}),
      };
      const made = refundCapture(captureId, { currency_code: currency, value }, "COMPLETED", extra);
      if ("error" in made)
        throw new Error(`fake paypal: cannot refund ${captureId}: ${JSON.stringify(made.error)}`);
      refund = made.refund;
      if (opts.id) refund.id = opts.id;
    }
    const { currency_code, value: refunded } = refund.amount;
    return webhookEvent(
      deps.base(),
      eventId(),
      opts.reversed ? "PAYMENT.CAPTURE.REVERSED" : "PAYMENT.CAPTURE.REFUNDED",
      "refund",
      `A ${refunded} ${currency_code} capture payment was ${opts.reversed ? "reversed" : "refunded"}`,
      refundView(deps.base(), refund, refundedOf(captureId)),
      new Date().toISOString(),
    );
  }

  /**
   * A CUSTOMER.DISPUTE.* event about a capture. The dispute id is kept per capture, so CREATED
   * then RESOLVED name the same dispute; `amount` is a decimal string (default: all captured).
   */
  function disputeEvent(
    captureId: string,
    type: DisputeEventType,
    opts: { outcome?: DisputeOutcome; id?: string; amount?: string } = {},
  ) {
    const capture = deps.findCapture(captureId);
    if (!capture) throw new Error(`fake paypal: no capture ${captureId}`);
    const id = opts.id ?? disputes.get(captureId) ?? `PP-D-${String(deps.nextId()).padStart(9, "0")}`;
    disputes.set(captureId, id);
    const disputed = opts.amount ? { ...capture.amount, value: opts.amount } : capture.amount;
    const time = new Date().toISOString();
    const { outcome } = opts;
    const resource = disputeResource(deps.base(), {
      id,
      type,
      captureId,
      captured: capture.amount,
      disputed,
      outcome,
      time,
    });
    const stage = type.split(".").at(-1)?.toLowerCase();
    const summary = `A dispute was ${stage} for ${disputed.value} ${disputed.currency_code}`;
    return webhookEvent(deps.base(), eventId(), type, "dispute", summary, resource, time);
  }

  return { refunds, refundedOf, refundCapture, refundEvent, disputeEvent };
}

function unprocessable(issue: string, description: string): Refunded {
  const message =
    "The requested action could not be performed, semantically incorrect, or failed business validation.";
  const body = { name: "UNPROCESSABLE_ENTITY", message, debug_id: "fake", details: [{ issue, description }] };
  return { error: { status: 422, body } };
}

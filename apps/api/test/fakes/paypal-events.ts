/**
 * PayPal's objects and webhook events as PayPal sends them (GATEWAYS.md "PayPal refunds and
 * disputes"; samples of PAYMENT.CAPTURE.REFUNDED / REVERSED and CUSTOMER.DISPUTE.*), for the fake.
 */

export interface Money {
  currency_code: string;
  value: string;
}

export interface FakePayPalRefund {
  id: string;
  captureId: string;
  status: "COMPLETED" | "PENDING";
  amount: Money;
  custom_id?: string;
  note_to_payer?: string;
  create_time: string;
}

export type DisputeEventType =
  | "CUSTOMER.DISPUTE.CREATED"
  | "CUSTOMER.DISPUTE.UPDATED"
  | "CUSTOMER.DISPUTE.RESOLVED";

export type DisputeOutcome =
  | "RESOLVED_BUYER_FAVOUR"
  | "RESOLVED_SELLER_FAVOUR"
  | "RESOLVED_WITH_PAYOUT"
  | "CANCELED_BY_BUYER"
  | "ACCEPTED"
  | "DENIED"
  | "NONE";

/** A refund object (`return=representation`); "up" names the capture, as at PayPal. */
export function refundView(base: string, refund: FakePayPalRefund, refundedSoFar: Money) {
  const { captureId, ...rest } = refund;
  return {
    ...rest,
    ...(refund.status === "PENDING" ? { status_details: { reason: "ECHECK" } } : {}),
    seller_payable_breakdown: {
      gross_amount: refund.amount,
      paypal_fee: { currency_code: refund.amount.currency_code, value: "0.00" },
      net_amount: refund.amount,
      total_refunded_amount: refundedSoFar,
    },
    update_time: refund.create_time,
    links: [
      { href: `${base}/v2/payments/refunds/${refund.id}`, rel: "self", method: "GET" },
      { href: `${base}/v2/payments/captures/${captureId}`, rel: "up", method: "GET" },
    ],
  };
}

/** A webhook event as PayPal posts it: `{id: "WH-…", event_type, resource_type, summary, resource, …}`. */
export function webhookEvent(
  base: string,
  id: string,
  eventType: string,
  resourceType: string,
  summary: string,
  resource: Record<string, unknown>,
  createTime: string,
) {
  return {
    id,
    create_time: createTime,
    resource_type: resourceType,
    event_type: eventType,
    summary,
    resource,
    links: [
      { href: `${base}/v1/notifications/webhooks-events/${id}`, rel: "self", method: "GET" },
      { href: `${base}/v1/notifications/webhooks-events/${id}/resend`, rel: "resend", method: "POST" },
    ],
    event_version: "1.0",
    resource_version: "2.0",
  };
}

/** A dispute resource as PayPal's CUSTOMER.DISPUTE.* events carry it. */
export function disputeResource(
  base: string,
  p: {
    id: string;
    type: DisputeEventType;
    captureId: string;
    captured: Money;
    disputed: Money;
    outcome: DisputeOutcome | undefined;
    time: string;
  },
) {
  const resolved = p.type === "CUSTOMER.DISPUTE.RESOLVED";
  const outcome = p.outcome ?? "RESOLVED_BUYER_FAVOUR";
  const buyerWon =
    outcome === "RESOLVED_BUYER_FAVOUR" || outcome === "RESOLVED_WITH_PAYOUT" || outcome === "ACCEPTED";
  return {
    dispute_id: p.id,
    create_time: p.time,
    update_time: p.time,
    disputed_transactions: [
      {
        buyer_transaction_id: `BUY-${p.captureId}`,
        seller_transaction_id: p.captureId,
        create_time: p.time,
        transaction_status: "COMPLETED",
        gross_amount: p.captured,
        buyer: { name: "Test Buyer" },
        seller: { email: "merchant@example.com", merchant_id: "FAKEMERCHANT", name: "Fake Merchant" },
      },
    ],
    reason: "MERCHANDISE_OR_SERVICE_NOT_RECEIVED",
    status: resolved ? "RESOLVED" : p.type === "CUSTOMER.DISPUTE.CREATED" ? "OPEN" : "UNDER_REVIEW",
    dispute_amount: p.disputed,
    ...(resolved
      ? {
          dispute_outcome: {
            outcome_code: outcome,
            ...(buyerWon ? { amount_refunded: p.disputed } : {}),
          },
        }
      : {}),
    dispute_life_cycle_stage: "INQUIRY",
    dispute_channel: "INTERNAL",
    messages: [{ posted_by: "BUYER", time_posted: p.time, content: "I did not receive the license." }],
    links: [{ href: `${base}/v1/customer/disputes/${p.id}`, rel: "self", method: "GET" }],
  };
}

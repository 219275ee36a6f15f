import { type Json, money, record, strings } from "./stripe-http";

export interface FakeStripeSession {
  id: string;
  object: "checkout.session";
  mode: string;
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid";
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  customer_email: string | null;
  metadata: Record<string, string>;
  payment_intent: string | null;
  success_url: string;
  cancel_url: string | null;
  expires_at: number;
  created: number;
  livemode: false;
  url: string | null;
  /** Not Stripe's: the line item and payment-intent data as the fake received them. */
  line_items_seen: Json;
  payment_intent_data_seen: Json;
}

export interface FakeCharge {
  id: string;
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  captured: true;
  currency: string;
  paid: true;
  status: "succeeded";
  refunded: boolean;
  disputed: boolean;
  payment_intent: string;
  metadata: Record<string, string>;
  created: number;
  livemode: false;
  refunds: { object: "list"; data: Json[]; has_more: false; total_count: number; url: string };
}

export type Outcome<T> = { ok: T } | { error: Json };

export const nowSeconds = () => Math.floor(Date.now() / 1000);

const invalid = (code: string, param: string | undefined, message: string): { error: Json } => ({
  error: { type: "invalid_request_error", code, ...(param ? { param } : {}), message },
});

/** `POST /v1/checkout/sessions` with Stripe's checks on what the adapter sends. */
export function newSession(params: Json, id: string, baseUrl: string): Outcome<FakeStripeSession> {
  const item = record(record(params.line_items)?.["0"]);
  const price = record(item?.price_data);
  const unitAmount = Number(price?.unit_amount);
  const quantity = Number(item?.quantity ?? 1);
  const now = nowSeconds();
  const expiresAt = params.expires_at === undefined ? now + 86_400 : Number(params.expires_at);
  if (params.mode !== "payment" && params.mode !== "subscription" && params.mode !== "setup")
    return invalid("parameter_missing", "mode", "Missing required param: mode.");
  if (!price || !Number.isInteger(unitAmount) || unitAmount < 0 || typeof price.currency !== "string")
    return invalid(
      "parameter_invalid",
      "line_items",
      "You must specify either `price` or `price_data` for each line item.",
    );
  if (typeof params.success_url !== "string")
    return invalid("parameter_missing", "success_url", "Missing required param: success_url.");
  if (!Number.isInteger(expiresAt) || expiresAt < now + 30 * 60 || expiresAt > now + 24 * 3600)
    return invalid(
      "parameter_invalid",
      "expires_at",
      "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.",
    );
  return {
    ok: {
      id,
      object: "checkout.session",
      mode: params.mode,
      status: "open",
      payment_status: "unpaid",
      amount_total: unitAmount * quantity,
      currency: price.currency,
      client_reference_id: typeof params.client_reference_id === "string" ? params.client_reference_id : null,
      customer_email: typeof params.customer_email === "string" ? params.customer_email : null,
      metadata: strings(params.metadata),
      payment_intent: null,
      success_url: params.success_url,
      cancel_url: typeof params.cancel_url === "string" ? params.cancel_url : null,
      expires_at: expiresAt,
      created: now,
      livemode: false,
      url: `${baseUrl}/c/pay/${id}`,
      line_items_seen: record(params.line_items) ?? {},
      payment_intent_data_seen: record(params.payment_intent_data) ?? {},
    },
  };
}

/** A settled card payment: the payment intent and its one charge. */
export function newPayment(
  session: FakeStripeSession,
  amount: number,
  ids: { intent: string; charge: string },
) {
  const charge: FakeCharge = {
    id: ids.charge,
    object: "charge",
    amount,
    amount_captured: amount,
    amount_refunded: 0,
    captured: true,
    currency: session.currency,
    paid: true,
    status: "succeeded",
    refunded: false,
    disputed: false,
    payment_intent: ids.intent,
    metadata: {},
    created: nowSeconds(),
    livemode: false,
    refunds: {
      object: "list",
      data: [],
      has_more: false,
      total_count: 0,
      url: `/v1/charges/${ids.charge}/refunds`,
    },
  };
  const intent: Json = {
    id: ids.intent,
    object: "payment_intent",
    amount,
    amount_received: amount,
    currency: session.currency,
    status: "succeeded",
    latest_charge: ids.charge,
    metadata: strings(session.payment_intent_data_seen.metadata),
    created: nowSeconds(),
    livemode: false,
  };
  return { intent, charge };
}

/**
 * `POST /v1/refunds` against one charge: never more than what is left of it. The refund is
 * recorded on the charge (`amount_refunded`, `refunds`, newest first) unless it failed.
 */
export function refundCharge(
  charge: FakeCharge,
  params: Json,
  id: string,
  status: "succeeded" | "pending" | "failed",
): Outcome<Json> {
  const left = charge.amount - charge.amount_refunded;
  const amount = params.amount === undefined ? left : Number(params.amount);
  if (!Number.isInteger(amount) || amount < 1)
    return invalid("parameter_invalid_integer", "amount", "Invalid positive integer");
  if (left === 0)
    return invalid("charge_already_refunded", undefined, `Charge ${charge.id} has already been refunded.`);
  if (amount > left)
    return invalid(
      "amount_too_large",
      "amount",
      `Refund amount (${money(amount, charge.currency)}) is greater than unrefunded amount on charge (${money(left, charge.currency)})`,
    );
  const reason = params.reason;
  if (reason !== undefined && !["duplicate", "fraudulent", "requested_by_customer"].includes(String(reason)))
    return invalid("parameter_invalid", "reason", `Invalid reason: ${String(reason)}`);
  const refund: Json = {
    id,
    object: "refund",
    amount,
    currency: charge.currency,
    charge: charge.id,
    payment_intent: charge.payment_intent,
    status,
    reason: reason ?? null,
    metadata: strings(params.metadata),
    balance_transaction: status === "failed" ? null : `txn_for_${id}`,
    created: nowSeconds(),
  };
  if (status !== "failed") {
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
  }
  charge.refunds.data.unshift(refund);
  charge.refunds.total_count += 1;
  return { ok: refund };
}

import Stripe from "stripe";
import { DomainError } from "../../shared/errors";
import type { PaymentGateway, PaymentResult, RefundOutcome } from "./gateway";
import { claimOfStripeEvent, idOf } from "./stripe-events";

export interface StripeConfig {
  /** `sk_live_…` / `sk_test_…` (or a restricted `rk_…` key). */
  secretKey: string;
  /** The webhook endpoint's signing secret (`whsec_…`); without it webhooks are not accepted. */
  webhookSecret?: string;
  /** Another API address than `https://api.stripe.com`, e.g. `http://127.0.0.1:PORT` for a fake. */
  apiUrl?: string;
}

/** Stripe lets a Checkout Session live between 30 minutes and 24 hours. */
const SESSION_MIN_MS = 30 * 60_000;
const SESSION_MAX_MS = 24 * 60 * 60_000;
/** Slack for the clock difference and the request's own travel time to Stripe. */
const SESSION_SLACK_MS = 2 * 60_000;

/**
 * Stripe Checkout through the official SDK: a Checkout Session per order, the buyer pays on
 * Stripe's page and comes back through Keyway's return route. A payment is trusted only as the
 * session reads at Stripe (`fetchStatus`), and `applyPaymentResult` compares its amount.
 */
export function createStripeGateway(config: StripeConfig): PaymentGateway {
  const stripe = new Stripe(config.secretKey, clientOptions(config.apiUrl));

  return {
    name: "stripe",

    async createPayment(request) {
      const session = await guard("checkout", () =>
        stripe.checkout.sessions.create(
          {
            mode: "payment",
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: request.currency.toLowerCase(),
                  unit_amount: request.amount,
                  product_data: { name: request.description.slice(0, 250) || request.reference },
                },
              },
            ],
            client_reference_id: request.reference,
            metadata: { reference: request.reference, order_id: request.orderId },
            // Lets `payment_intent.*` webhooks name the order too.
            payment_intent_data: { metadata: { reference: request.reference, order_id: request.orderId } },
            ...(request.customer.email ? { customer_email: request.customer.email } : {}),
            success_url: withSessionId(request.returnUrl),
            cancel_url: request.cancelUrl,
            expires_at: sessionExpiry(
              request.expiresAt ?? new Date(request.createdAt.getTime() + SESSION_MAX_MS),
              new Date(),
            ),
          },
          // Opening the same order twice yields Stripe's first session, not a second one.
          { idempotencyKey: `create-${request.reference}` },
        ),
      );
      if (!session.url)
        throw new DomainError("gateway_error", "Stripe refused the checkout: no payment page.");
      return { paymentUrl: session.url, gatewayOrderId: session.id };
    },

    async fetchStatus(order) {
      const sessionId = order.gatewayOrderId;
      if (!sessionId) return null;
      const session = await guard("status check", () => stripe.checkout.sessions.retrieve(sessionId));
      const raw = session as unknown as Record<string, unknown>;
      const base = { gateway: "stripe" as const, reference: order.reference, raw };
      const amount = session.amount_total ?? -1;
      const currency = (session.currency ?? "").toUpperCase();
      if (session.payment_status === "paid") {
        return {
          ...base,
          outcome: "paid",
          // Refunds and disputes name the payment intent: that is the payment's id at Stripe.
          gatewayTxnId: idOf(session.payment_intent) ?? `STRIPE-${session.id}`,
          amount,
          currency,
        } satisfies PaymentResult;
      }
      if (session.status === "expired") {
        return {
          ...base,
          outcome: "cancelled",
          gatewayTxnId: `STRIPE-${session.id}-expired`,
          amount,
          currency,
        } satisfies PaymentResult;
      }
      // `open`, or `complete` but `unpaid` (a bank debit still settling): not decided yet.
      return null;
    },

    async verifyCallback(callback) {
      if (callback.kind !== "callback") {
        const reference = callback.query.ref;
        const gatewayOrderId = callback.query.session_id;
        if (!reference && !gatewayOrderId) return null;
        return { ...(reference ? { reference } : {}), ...(gatewayOrderId ? { gatewayOrderId } : {}) };
      }
      const signature = callback.headers["stripe-signature"];
      // The signature covers the bytes Stripe sent: a re-serialised body would not verify.
      if (!config.webhookSecret || !signature || !callback.rawBody) return null;
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(callback.rawBody, signature, config.webhookSecret);
      } catch {
        return null;
      }
      return claimOfStripeEvent(event);
    },

    async refund(request) {
      const refund = await guard("refund", () =>
        stripe.refunds.create(
          {
            payment_intent: request.gatewayTxnId,
            amount: request.amount,
            reason: "requested_by_customer",
            metadata: {
              reference: request.reference,
              ...(request.reason ? { reason: request.reason.slice(0, 500) } : {}),
            },
          },
          { idempotencyKey: request.idempotencyKey },
        ),
      );
      return {
        gatewayRefundId: refund.id,
        status: refundStatus(refund.status),
        raw: refund as unknown as Record<string, unknown>,
      };
    },
  };
}

function clientOptions(apiUrl: string | undefined): Stripe.StripeConfig {
  // The SDK's pinned API version is the one its types describe: no `apiVersion` override.
  const options: Stripe.StripeConfig = { maxNetworkRetries: 1, timeout: 15_000 };
  if (!apiUrl) return options;
  const url = new URL(apiUrl);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return {
    ...options,
    host: url.hostname,
    port: url.port || (protocol === "http" ? 80 : 443),
    protocol,
  };
}

/**
 * The return URL already carries `?ref=`; Stripe replaces the literal `{CHECKOUT_SESSION_ID}`
 * (so it must stay unencoded) with the session's id.
 */
function withSessionId(returnUrl: string): string {
  return `${returnUrl}${returnUrl.includes("?") ? "&" : "?"}session_id={CHECKOUT_SESSION_ID}`;
}

/**
 * Just under a day after the order opened (unix seconds), moved into Stripe's 30 min – 24 h
 * window from now only when it falls outside. Derived from `createdAt` rather than the clock so
 * a repeated create sends the same parameters: Stripe refuses an idempotency key reused with
 * different ones.
 */
/**
 * When the Checkout page closes: when Keyway stops taking payment for the order (so no buyer pays
 * an order Keyway has expired), kept within Stripe's window (30 min to 24 h from now).
 */
function sessionExpiry(orderExpiresAt: Date, now: Date): number {
  const wanted = orderExpiresAt.getTime() - SESSION_SLACK_MS;
  const earliest = now.getTime() + SESSION_MIN_MS + SESSION_SLACK_MS;
  const latest = now.getTime() + SESSION_MAX_MS - SESSION_SLACK_MS;
  return Math.floor(Math.min(latest, Math.max(earliest, wanted)) / 1000);
}

function refundStatus(status: string | null): RefundOutcome["status"] {
  if (status === "succeeded") return "succeeded";
  if (status === "failed" || status === "canceled") return "failed";
  // `pending`, `requires_action`: accepted, Stripe's webhook confirms it later.
  return "pending";
}

/** Stripe's failures as `gateway_error`, worded for the vendor; never a key in the message. */
async function guard<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Stripe.errors.StripeConnectionError)
      throw new DomainError("gateway_error", "Stripe could not be reached.");
    if (error instanceof Stripe.errors.StripeError) {
      const message = redactKeys(error.message || "no reason given").replace(/\.$/, "");
      throw new DomainError("gateway_error", `Stripe refused the ${what}: ${message}.`, {
        type: error.type,
        code: error.code ?? null,
        requestId: error.requestId ?? null,
      });
    }
    throw error;
  }
}

/** Stripe masks keys in its messages already; this keeps a fake or a proxy from leaking one. */
function redactKeys(message: string): string {
  return message.replace(/\b(sk|rk|pk)_(live|test)_[A-Za-z0-9*]+/g, "$1_$2_…");
}

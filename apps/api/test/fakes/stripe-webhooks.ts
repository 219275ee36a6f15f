import Stripe from "stripe";
import type { FakeStripeState } from "./stripe";
import type { Json } from "./stripe-http";

export type DisputeAction = "created" | "updated" | "closed" | "funds_withdrawn" | "funds_reinstated";

/**
 * Webhook deliveries as Stripe POSTs them (the event envelope of GATEWAYS.md and a
 * `Stripe-Signature` made by the SDK's own test helper), built from the fake's state.
 */
export function stripeWebhooks(state: FakeStripeState) {
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  function paidCharge(sessionId: string) {
    const intent = state.sessions.get(sessionId)?.payment_intent;
    const charge = intent ? state.chargeOfIntent(intent) : undefined;
    if (!charge) throw new Error(`fake stripe: session ${sessionId} is not paid`);
    return charge;
  }

  /** Any event: the body as sent and the headers to send it with. */
  function signedEvent(type: string, object: unknown, webhookSecret: string, previousAttributes?: Json) {
    const event = {
      id: state.nextId("evt"),
      object: "event",
      api_version: Stripe.API_VERSION,
      created: nowSeconds(),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      data: { object, ...(previousAttributes ? { previous_attributes: previousAttributes } : {}) },
    };
    const body = JSON.stringify(event);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: webhookSecret });
    return { event, body, headers: { "stripe-signature": signature, "content-type": "application/json" } };
  }

  return {
    signedEvent,

    /** `checkout.session.*` (the session) or `payment_intent.*` (its payment intent), as they stand. */
    sessionEvent(type: string, sessionId: string, webhookSecret: string) {
      const session = state.sessions.get(sessionId);
      if (!session) throw new Error(`fake stripe: no session ${sessionId}`);
      const { line_items_seen: _l, payment_intent_data_seen: _p, ...object } = session;
      if (!type.startsWith("payment_intent.")) return signedEvent(type, object, webhookSecret);
      const intent = session.payment_intent ? state.paymentIntents.get(session.payment_intent) : undefined;
      if (!intent) throw new Error(`fake stripe: session ${sessionId} has no payment intent`);
      return signedEvent(type, structuredClone(intent), webhookSecret);
    },

    /**
     * `charge.refunded` for the session's payment as it stands, with `previous_attributes`.
     * `expandedRefunds: false` leaves out `refunds`, which a charge only carries when expanded.
     */
    chargeRefundedEvent(
      sessionId: string,
      webhookSecret: string,
      options: { expandedRefunds?: boolean } = {},
    ) {
      const charge = paidCharge(sessionId);
      const { refunds: list, ...bare } = charge;
      const latest = list.data[0];
      const before = charge.amount_refunded - (typeof latest?.amount === "number" ? latest.amount : 0);
      const previous = { amount_refunded: before, refunded: false };
      return options.expandedRefunds === false
        ? signedEvent("charge.refunded", structuredClone(bare), webhookSecret, previous)
        : signedEvent("charge.refunded", structuredClone(charge), webhookSecret, previous);
    },

    /**
     * `charge.dispute.<action>` for the session's payment: the first call opens a dispute
     * (`du_…`, `needs_response`), later ones move the same dispute to `status`.
     */
    disputeEvent(
      action: DisputeAction,
      sessionId: string,
      webhookSecret: string,
      options: { status?: string; amount?: number; reason?: string; withoutPaymentIntent?: boolean } = {},
    ) {
      const charge = paidCharge(sessionId);
      charge.disputed = true;
      const existing = [...state.disputes.values()].find((d) => d.charge === charge.id);
      const dispute: Json = existing ?? {
        id: state.nextId("du"),
        object: "dispute",
        amount: options.amount ?? charge.amount,
        currency: charge.currency,
        charge: charge.id,
        payment_intent: charge.payment_intent,
        reason: options.reason ?? "fraudulent",
        status: "needs_response",
        is_charge_refundable: false,
        balance_transactions: [],
        evidence_details: {
          due_by: nowSeconds() + 7 * 86_400,
          has_evidence: false,
          past_due: false,
          submission_count: 0,
        },
        metadata: {},
        created: nowSeconds(),
        livemode: false,
      };
      if (options.status) dispute.status = options.status;
      state.disputes.set(String(dispute.id), dispute);
      const object = structuredClone(dispute);
      if (options.withoutPaymentIntent) object.payment_intent = null;
      return signedEvent(`charge.dispute.${action}`, object, webhookSecret);
    },
  };
}

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { bearer, fail, header, type Json, masked, parseForm, readBody, send } from "./stripe-http";
import {
  type FakeCharge,
  type FakeStripeSession,
  newPayment,
  newSession,
  type Outcome,
  refundCharge,
} from "./stripe-objects";
import { stripeWebhooks } from "./stripe-webhooks";

export type { FakeCharge, FakeStripeSession, Json };

/** What the webhook builders (stripe-webhooks.ts) read and change. */
export interface FakeStripeState {
  sessions: Map<string, FakeStripeSession>;
  paymentIntents: Map<string, Json>;
  charges: Map<string, FakeCharge>;
  disputes: Map<string, Json>;
  nextId(prefix: string): string;
  chargeOfIntent(paymentIntentId: string): FakeCharge | undefined;
}

/**
 * A local Stripe speaking the documented shapes for what Keyway's adapter calls (GATEWAYS.md,
 * "Stripe Checkout" and "Stripe refunds, disputes and the Node SDK"): form-encoded POSTs with
 * `Authorization: Bearer`, `Idempotency-Key` replays, Checkout Sessions, refunds that never
 * exceed what is left of the payment, and signed webhook deliveries built by the SDK itself.
 */
export async function startFakeStripe(secretKey: string) {
  const sessions = new Map<string, FakeStripeSession>();
  const paymentIntents = new Map<string, Json>();
  const charges = new Map<string, FakeCharge>();
  const refunds: Json[] = [];
  const disputes = new Map<string, Json>();
  const remembered = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  /** Every authenticated request: method, path, parsed form and idempotency key. */
  const requests: { method: string; path: string; params: Json; idempotencyKey?: string }[] = [];
  /** `refundStatus`: what a new refund reads (`pending` for a bank refund still settling). */
  const knobs: { refundStatus: "succeeded" | "pending" | "failed" } = { refundStatus: "succeeded" };
  let seq = 0;
  const nextId = (prefix: string) => `${prefix}_test_${String(++seq).padStart(8, "0")}Fk`;
  const chargeOfIntent = (paymentIntentId: string) => {
    const latest = paymentIntents.get(paymentIntentId)?.latest_charge;
    return typeof latest === "string" ? charges.get(latest) : undefined;
  };

  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const path = (req.url ?? "").split("?")[0] ?? "";
    if (req.headers.authorization !== `Bearer ${secretKey}`)
      return fail(res, 401, {
        type: "invalid_request_error",
        message: `Invalid API Key provided: ${masked(bearer(req))}`,
      });
    const params = parseForm(raw);
    const idempotencyKey = header(req, "idempotency-key");
    requests.push({ method: req.method ?? "", path, params, ...(idempotencyKey ? { idempotencyKey } : {}) });
    const notFound = (message: string) =>
      fail(res, 404, { type: "invalid_request_error", code: "resource_missing", message });

    if (req.method === "GET") {
      const match = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
      if (!match) return notFound(`Unrecognized request URL (GET: ${path}).`);
      const session = sessions.get(decodeURIComponent(match[1] ?? ""));
      return session ? send(res, 200, session) : notFound(`No such checkout.session: '${match[1]}'`);
    }
    if (req.method !== "POST") return notFound(`Unrecognized request URL (${req.method}: ${path}).`);

    // Stripe keeps the first answer to a key and refuses the key with other parameters.
    const fingerprint = `${path}|${raw}`;
    const earlier = idempotencyKey ? remembered.get(idempotencyKey) : undefined;
    if (earlier && earlier.fingerprint !== fingerprint)
      return fail(res, 400, {
        type: "idempotency_error",
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
      });
    if (earlier) return send(res, earlier.status, earlier.body, { "idempotent-replayed": "true" });
    const answer = (status: number, body: unknown) => {
      if (idempotencyKey) remembered.set(idempotencyKey, { fingerprint, status, body });
      return send(res, status, body);
    };

    if (path === "/v1/checkout/sessions") {
      const created = newSession(params, nextId("cs"), url);
      // A request failing validation is not saved against its key (Stripe's rule too).
      if ("error" in created) return fail(res, 400, created.error);
      sessions.set(created.ok.id, created.ok);
      return answer(200, created.ok);
    }
    if (path === "/v1/refunds") {
      const outcome = refund(params);
      return "error" in outcome ? answer(400, { error: outcome.error }) : answer(200, outcome.ok);
    }
    return notFound(`Unrecognized request URL (POST: ${path}).`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function refund(params: Json): Outcome<Json> {
    const byIntent = typeof params.payment_intent === "string";
    const target = String(byIntent ? params.payment_intent : (params.charge ?? ""));
    const charge = byIntent ? chargeOfIntent(target) : charges.get(target);
    if (!charge) {
      const kind = byIntent ? "payment_intent" : "charge";
      const message = `No such ${kind}: '${target}'`;
      return { error: { type: "invalid_request_error", code: "resource_missing", param: kind, message } };
    }
    const outcome = refundCharge(charge, params, nextId("re"), knobs.refundStatus);
    if ("ok" in outcome) refunds.push(outcome.ok);
    return outcome;
  }

  function sessionOf(sessionId: string) {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`fake stripe: no session ${sessionId}`);
    return session;
  }

  return {
    url,
    sessions,
    paymentIntents,
    charges,
    refunds,
    disputes,
    requests,
    knobs,
    ...stripeWebhooks({ sessions, paymentIntents, charges, disputes, nextId, chargeOfIntent }),
    /**
     * The buyer pays on Stripe's page: the session completes with a payment intent and its
     * charge (optionally for another amount, to test that Keyway compares amounts).
     */
    pay(sessionId: string, amount?: number) {
      const session = sessionOf(sessionId);
      const paid = amount ?? session.amount_total;
      const { intent, charge } = newPayment(session, paid, { intent: nextId("pi"), charge: nextId("ch") });
      const paymentIntent = String(intent.id);
      charges.set(charge.id, charge);
      paymentIntents.set(paymentIntent, intent);
      Object.assign(session, {
        status: "complete",
        payment_status: "paid",
        payment_intent: paymentIntent,
        amount_total: paid,
      });
      return { session, paymentIntent, charge };
    },
    /** The session runs out (or is expired through the dashboard) before the buyer pays. */
    expire(sessionId: string) {
      const session = sessionOf(sessionId);
      if (session.status === "open") Object.assign(session, { status: "expired", url: null });
      return session;
    },
    /** The vendor refunds in Stripe's dashboard (not through Keyway). */
    refundInDashboard(sessionId: string, amount?: number) {
      const intent = sessionOf(sessionId).payment_intent;
      const charge = intent ? chargeOfIntent(intent) : undefined;
      if (!charge) throw new Error(`fake stripe: session ${sessionId} is not paid`);
      const outcome = refund({
        charge: charge.id,
        ...(amount === undefined ? {} : { amount: String(amount) }),
      });
      if ("error" in outcome) throw new Error(`fake stripe: ${String(outcome.error.message)}`);
      return outcome.ok;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

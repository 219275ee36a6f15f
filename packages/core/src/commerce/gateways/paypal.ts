import { formatDecimalAmount } from "@keyway/schema";
import { DomainError } from "../../shared/errors";
import { isOrderExpired } from "../order-expiry";
import type { PaymentGateway } from "./gateway";
import { field, providerJson, record } from "./http";
import { claimOfEvent, refundStatusOf, resultOf } from "./paypal-events";

export interface PayPalConfig {
  /** e.g. `https://api-m.sandbox.paypal.com` */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The webhook's id in the PayPal dashboard; without it webhooks are not accepted (returns still work). */
  webhookId?: string;
  /** Replaces the global fetch (proxies, instrumentation). */
  fetch?: typeof fetch;
}

/**
 * PayPal Orders v2 (seed 001's checkout links): create an order, send the buyer to the approve
 * link, capture when they come back. Fulfilment happens only on a COMPLETED capture, and
 * `applyPaymentResult` compares its amount with the order's. Refunds go to the capture
 * (Payments v2); refund and dispute webhooks name the capture.
 */
export function createPayPalGateway(config: PayPalConfig): PaymentGateway {
  const base = config.baseUrl.replace(/\/+$/, "");
  let cached: { token: string; until: number } | null = null;

  async function accessToken(): Promise<string> {
    if (cached && cached.until > Date.now()) return cached.token;
    const basic = Buffer.from(`${config.clientId}:${config.clientSecret}`).toString("base64");
    const { status, json } = await providerJson(
      "PayPal",
      `${base}/v1/oauth2/token`,
      {
        method: "POST",
        headers: {
          authorization: `Basic ${basic}`,
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: "grant_type=client_credentials",
      },
      config.fetch,
    );
    const token = field(json, "access_token");
    if (status !== 200 || !token)
      throw new DomainError("gateway_error", "PayPal refused the client credentials.");
    const seconds = Number(json.expires_in ?? 0);
    cached = { token, until: Date.now() + Math.max(0, seconds - 60) * 1000 };
    return token;
  }

  async function call(
    method: "GET" | "POST",
    path: string,
    body?: unknown,
    requestId?: string,
    extraHeaders: Record<string, string> = {},
  ) {
    const token = await accessToken();
    return providerJson(
      "PayPal",
      `${base}${path}`,
      {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          accept: "application/json",
          ...(requestId ? { "paypal-request-id": requestId } : {}),
          ...extraHeaders,
        },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      },
      config.fetch,
    );
  }

  return {
    name: "paypal",

    async createPayment(request) {
      const { status, json } = await call(
        "POST",
        "/v2/checkout/orders",
        {
          intent: "CAPTURE",
          purchase_units: [
            {
              reference_id: request.reference,
              custom_id: request.reference,
              description: request.description.slice(0, 127),
              amount: {
                currency_code: request.currency,
                value: formatDecimalAmount(request.amount, request.currency),
              },
            },
          ],
          application_context: {
            return_url: request.returnUrl,
            cancel_url: request.cancelUrl,
            user_action: "PAY_NOW",
            shipping_preference: "NO_SHIPPING",
          },
        },
        // Creating the same order twice yields PayPal's first answer.
        `create-${request.reference}`,
      );
      const links = Array.isArray(json.links) ? json.links.map(record) : [];
      const approve = links.find((l) => l && (l.rel === "approve" || l.rel === "payer-action"));
      const paymentUrl = field(approve, "href");
      const id = field(json, "id");
      if (status >= 300 || !paymentUrl || !id) {
        throw new DomainError("gateway_error", `PayPal refused the order: ${paypalProblem(status, json)}`, {
          debugId: field(json, "debug_id") ?? null,
        });
      }
      return { paymentUrl, gatewayOrderId: id };
    },

    async fetchStatus(order, now = new Date()) {
      if (!order.gatewayOrderId) return null;
      const id = encodeURIComponent(order.gatewayOrderId);
      let { json } = await call("GET", `/v2/checkout/orders/${id}`);
      // Capturing takes the buyer's money: never for an order Keyway no longer accepts payment for.
      const open = !order.expiresAt || !isOrderExpired({ expiresAt: order.expiresAt }, now);
      if (field(json, "status") === "APPROVED" && open) {
        // PayPal-Request-Id makes a repeated capture (return + webhook) answer the first capture.
        const captured = await call(
          "POST",
          `/v2/checkout/orders/${id}/capture`,
          {},
          `capture-${order.reference}`,
        );
        json = captured.status < 300 ? captured.json : (await call("GET", `/v2/checkout/orders/${id}`)).json;
      }
      return resultOf(order.reference, json);
    },

    async refund(request) {
      const { status, json } = await call(
        "POST",
        `/v2/payments/captures/${encodeURIComponent(request.gatewayTxnId)}/refund`,
        {
          amount: {
            currency_code: request.currency,
            value: formatDecimalAmount(request.amount, request.currency),
          },
          custom_id: request.reference.slice(0, 127),
          ...(request.reason ? { note_to_payer: request.reason.slice(0, 255) } : {}),
        },
        // A repeated id answers the first refund instead of refunding again.
        request.idempotencyKey,
        { prefer: "return=representation" },
      );
      const id = field(json, "id");
      const outcome = refundStatusOf(field(json, "status"));
      // The v2 success code is not documented for certain: both are accepted.
      if ((status !== 200 && status !== 201) || !id || !outcome) {
        throw new DomainError("gateway_error", `PayPal refused the refund: ${paypalProblem(status, json)}`, {
          debugId: field(json, "debug_id") ?? null,
        });
      }
      return { gatewayRefundId: id, status: outcome, raw: json };
    },

    async verifyCallback(callback) {
      if (callback.kind !== "callback") {
        const gatewayOrderId = callback.query.token;
        const reference = callback.query.ref;
        if (!gatewayOrderId && !reference) return null;
        return { ...(reference ? { reference } : {}), ...(gatewayOrderId ? { gatewayOrderId } : {}) };
      }
      if (!config.webhookId) return null;
      const h = callback.headers;
      const headersPart = JSON.stringify({
        auth_algo: h["paypal-auth-algo"] ?? "",
        cert_url: h["paypal-cert-url"] ?? "",
        transmission_id: h["paypal-transmission-id"] ?? "",
        transmission_sig: h["paypal-transmission-sig"] ?? "",
        transmission_time: h["paypal-transmission-time"] ?? "",
        webhook_id: config.webhookId,
      });
      // The signature covers the body as PayPal sent it: pass those bytes, not a re-serialisation
      // (which can change number formats, escapes and key order and so fail verification).
      const event = isJsonObject(callback.rawBody) ? callback.rawBody : JSON.stringify(callback.body);
      const { json } = await call(
        "POST",
        "/v1/notifications/verify-webhook-signature",
        `${headersPart.slice(0, -1)},"webhook_event":${event}}`,
      );
      if (field(json, "verification_status") !== "SUCCESS") return null;
      return claimOfEvent(callback.body);
    },
  };
}

function isJsonObject(text: string | undefined): text is string {
  if (!text) return false;
  try {
    return record(JSON.parse(text)) !== undefined;
  } catch {
    return false;
  }
}

/** PayPal's error body (`{name, message, debug_id, details}`) in one line. */
function paypalProblem(status: number, json: Record<string, unknown>): string {
  const details = Array.isArray(json.details) ? json.details.map(record) : [];
  const issues = details
    .map((d) => [field(d, "issue"), field(d, "description")].filter(Boolean).join(": "))
    .filter(Boolean);
  const head = [field(json, "name"), field(json, "message")].filter(Boolean).join(" – ") || `HTTP ${status}`;
  return `${head}${issues.length ? ` (${issues.join("; ")})` : ""}.`;
}

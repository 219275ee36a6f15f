import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type FakePayPalRefund, type Money, refundView } from "./paypal-events";
import { createRefundDesk } from "./paypal-refunds";

interface FakePayPalOrder {
  id: string;
  status: "CREATED" | "APPROVED" | "COMPLETED" | "VOIDED";
  purchase_units: {
    reference_id: string;
    custom_id?: string;
    amount: { currency_code: string; value: string };
    payments?: {
      captures: { id: string; status: string; amount: { currency_code: string; value: string } }[];
    };
  }[];
  return_url: string;
  cancel_url: string;
}

/**
 * A local PayPal speaking the documented Orders v2 shapes (GATEWAYS.md): OAuth client
 * credentials, create / get / capture order and refund a capture (PayPal-Request-Id
 * idempotent), and `verify-webhook-signature` (a signature of "valid" passes, anything else
 * fails). `refundEvent` / `disputeEvent` build the webhook events PayPal would send.
 */
export async function startFakePayPal(
  clientId: string,
  clientSecret: string,
  /** Where this account's ids start: PayPal's ids are unique across merchants, so two fakes' must be too. */
  options: { firstId?: number } = {},
) {
  const orders = new Map<string, FakePayPalOrder>();
  const requestIds = new Map<string, { status: number; body: unknown }>();
  const captures: string[] = [];
  /** Raw bodies of verify-webhook-signature calls, to check the event is passed as received. */
  const verifications: string[] = [];
  /** The `webhook_id` of each verify-webhook-signature call (each vendor's own, per account). */
  const webhookIds: string[] = [];
  const knobs = { declineCaptures: false, refundStatus: "COMPLETED" as FakePayPalRefund["status"] };
  const tokens = new Set<string>();
  let seq = options.firstId ?? 0;
  let url = "";
  const desk = createRefundDesk({ findCapture, base: () => url, nextId: () => ++seq });

  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const path = (req.url ?? "").split("?")[0] ?? "";
    if (req.method === "POST" && path === "/v1/oauth2/token") {
      const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
      if (req.headers.authorization !== expected || !raw.includes("grant_type=client_credentials"))
        return send(res, 401, { error: "invalid_client", error_description: "Client Authentication failed" });
      const token = `A21AA-fake-${++seq}`;
      tokens.add(token);
      return send(res, 200, {
        scope: "https://uri.paypal.com/services/payments",
        access_token: token,
        token_type: "Bearer",
        app_id: "APP-FAKE",
        expires_in: 32400,
        nonce: "n",
      });
    }
    if (!tokens.has((req.headers.authorization ?? "").replace(/^Bearer /, "")))
      return send(res, 401, {
        name: "AUTHENTICATION_FAILURE",
        message:
          "Authentication failed due to invalid authentication credentials or a missing Authorization header.",
        details: [],
      });
    const body = parse(raw);
    const requestId = header(req, "paypal-request-id");
    const replay = requestId ? requestIds.get(`${path}|${requestId}`) : undefined;
    if (replay) return send(res, replay.status, replay.body);
    const remember = (status: number, answer: unknown) => {
      if (requestId) requestIds.set(`${path}|${requestId}`, { status, body: answer });
      return send(res, status, answer);
    };

    if (req.method === "POST" && path === "/v2/checkout/orders") {
      const unit = (body.purchase_units as FakePayPalOrder["purchase_units"] | undefined)?.[0];
      const context = body.application_context as { return_url?: string; cancel_url?: string } | undefined;
      if (body.intent !== "CAPTURE" || !unit?.amount?.value || !unit.amount.currency_code)
        return send(res, 400, {
          name: "INVALID_REQUEST",
          message: "Request is not well-formed, syntactically incorrect, or violates schema.",
          debug_id: "d1",
          details: [
            {
              field: "/purchase_units",
              issue: "MISSING_REQUIRED_PARAMETER",
              description: "A required field / parameter is missing.",
            },
          ],
        });
      const id = `5O190127TN${String(++seq).padStart(6, "0")}`;
      const order: FakePayPalOrder = {
        id,
        status: "CREATED",
        purchase_units: [{ reference_id: unit.reference_id, custom_id: unit.custom_id, amount: unit.amount }],
        return_url: context?.return_url ?? "",
        cancel_url: context?.cancel_url ?? "",
      };
      orders.set(id, order);
      return remember(201, { id, status: "CREATED", links: links(id) });
    }
    const match = /^\/v2\/checkout\/orders\/([^/]+)(\/capture)?$/.exec(path);
    if (match) {
      const order = orders.get(decodeURIComponent(match[1] ?? ""));
      if (!order)
        return send(res, 404, {
          name: "RESOURCE_NOT_FOUND",
          message: "The specified resource does not exist.",
          details: [{ issue: "INVALID_RESOURCE_ID" }],
        });
      if (req.method === "GET" && !match[2]) return send(res, 200, view(order));
      if (req.method === "POST" && match[2]) {
        if (order.status !== "APPROVED")
          return remember(422, {
            name: "UNPROCESSABLE_ENTITY",
            message: "The requested action could not be performed.",
            details: [
              { issue: order.status === "COMPLETED" ? "ORDER_ALREADY_CAPTURED" : "ORDER_NOT_APPROVED" },
            ],
          });
        captureOrder(order);
        return remember(201, view(order));
      }
    }
    const refundOf = /^\/v2\/payments\/captures\/([^/]+)\/refund$/.exec(path);
    if (req.method === "POST" && refundOf) {
      const amount = body.amount as Money | undefined;
      if (
        amount !== undefined &&
        (typeof amount?.value !== "string" || typeof amount.currency_code !== "string")
      )
        return send(res, 400, {
          name: "INVALID_REQUEST",
          message: "Request is not well-formed, syntactically incorrect, or violates schema.",
          details: [{ field: "/amount", issue: "MISSING_REQUIRED_PARAMETER" }],
        });
      const made = desk.refundCapture(decodeURIComponent(refundOf[1] ?? ""), amount, knobs.refundStatus, {
        ...(typeof body.custom_id === "string" ? { custom_id: body.custom_id } : {}),
        ...(typeof body.note_to_payer === "string" ? { note_to_payer: body.note_to_payer } : {}),
      });
      if ("error" in made) return send(res, made.error.status, made.error.body);
      const full = refundView(url, made.refund, desk.refundedOf(made.refund.captureId));
      const minimal = { id: full.id, status: full.status, links: full.links };
      return remember(201, header(req, "prefer") === "return=representation" ? full : minimal);
    }
    if (req.method === "POST" && path === "/v1/notifications/verify-webhook-signature") {
      verifications.push(raw);
      if (typeof body.webhook_id === "string") webhookIds.push(body.webhook_id);
      const ok =
        body.transmission_sig === "valid" && typeof body.webhook_id === "string" && body.webhook_event;
      return send(res, 200, { verification_status: ok ? "SUCCESS" : "FAILURE" });
    }
    return send(res, 404, { name: "RESOURCE_NOT_FOUND", message: "Not found.", details: [] });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function captureOrder(order: FakePayPalOrder) {
    const unit = order.purchase_units[0];
    const captureId = `3C67${String(++seq).padStart(12, "0")}`;
    const status = knobs.declineCaptures ? "DECLINED" : "COMPLETED";
    if (unit) {
      captures.push(captureId);
      unit.payments = { captures: [{ id: captureId, status, amount: unit.amount }] };
    }
    order.status = "COMPLETED";
    return captureId;
  }

  function findCapture(id: string) {
    for (const order of orders.values())
      for (const unit of order.purchase_units)
        for (const capture of unit.payments?.captures ?? []) if (capture.id === id) return capture;
    return undefined;
  }

  function links(id: string) {
    return [
      { href: `${url}/v2/checkout/orders/${id}`, rel: "self", method: "GET" },
      { href: `${url}/checkoutnow?token=${id}`, rel: "approve", method: "GET" },
      { href: `${url}/v2/checkout/orders/${id}/capture`, rel: "capture", method: "POST" },
    ];
  }
  function view(order: FakePayPalOrder) {
    const { return_url: _r, cancel_url: _c, ...rest } = order;
    return { ...rest, links: links(order.id) };
  }

  return {
    url,
    orders,
    captures,
    verifications,
    /**
     * `declineCaptures`: the payer's funding source is declined at capture; `refundStatus`:
     * "PENDING" answers refunds as accepted but not yet sent (e.g. an eCheck).
     */
    knobs,
    /** A capture made at PayPal without Keyway having recorded it (e.g. the process died mid-return). */
    captureOutOfBand(id: string) {
      const order = orders.get(id);
      if (!order) throw new Error(`fake paypal: no order ${id}`);
      return captureOrder(order);
    },
    /** The buyer approves at PayPal (optionally PayPal records another amount, to test tampering). */
    approve(id: string, value?: string) {
      const order = orders.get(id);
      if (!order) throw new Error(`fake paypal: no order ${id}`);
      order.status = "APPROVED";
      const unit = order.purchase_units[0];
      if (value && unit) unit.amount = { ...unit.amount, value };
      return order;
    },
    /** Every refund made at the fake, through the API or (by `refundEvent`) the dashboard. */
    refunds: desk.refunds,
    webhookIds,
    refundEvent: desk.refundEvent,
    disputeEvent: desk.disputeEvent,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json", "paypal-debug-id": "fake" });
  res.end(JSON.stringify(body));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function parse(raw: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(raw || "{}");
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

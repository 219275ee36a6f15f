import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, asc, eq, events, licenses, orders, payments, refunds } from "@keyway/db";
import { expect } from "vitest";
import type { TestServer } from "../src/testing";

/**
 * What the end-to-end gateway tests share (vendor-accounts, provider-refunds, stripe-checkout):
 * one provider host in front of several fake merchant accounts, and short ways to open, pay
 * and read orders as a vendor's back end and the buyer would.
 */

type Incoming = { path: string; headers: Record<string, string>; body: string };
type Route = { url: string; headers?: Record<string, string>; answer?: (text: string) => string };

/**
 * A provider serves every merchant on one host (Keyway has one provider URL per process); each
 * fake here is one merchant account. This host hands each request to the account its
 * credentials name, so each fake sees only its own merchant's traffic.
 */
async function startProviderHost(route: (req: Incoming) => Route | undefined) {
  const server: Server = createServer(async (req, res) => {
    const incoming = { path: req.url ?? "", headers: headersOf(req), body: await readBody(req) };
    const to = route(incoming);
    if (!to) {
      res.writeHead(401, { "content-type": "application/json" });
      return res.end(JSON.stringify({ error: "unknown merchant account" }));
    }
    const { host: _h, "content-length": _l, ...headers } = { ...incoming.headers, ...to.headers };
    const answer = await fetch(`${to.url}${incoming.path}`, {
      method: req.method ?? "GET",
      headers,
      ...(req.method === "GET" || req.method === "HEAD" ? {} : { body: incoming.body }),
    });
    const text = await answer.text();
    res.writeHead(answer.status, {
      "content-type": answer.headers.get("content-type") ?? "application/json",
    });
    res.end(to.answer ? to.answer(text) : text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** UPI Gateway's host: the merchant is the `key` in the JSON body. */
export function startUpiHost(accounts: { key: string; url: string }[]) {
  return startProviderHost(({ body }) => {
    let key: unknown;
    try {
      key = (JSON.parse(body || "{}") as { key?: unknown }).key;
    } catch {
      return undefined;
    }
    const account = accounts.find((a) => a.key === key);
    return account && { url: account.url };
  });
}

/**
 * PayPal's host: the merchant is the client id of the OAuth call, then the access token it got.
 * Two fakes can hand out the same token text, so each token is prefixed with its account here.
 */
export function startPayPalHost(accounts: { clientId: string; url: string }[]) {
  return startProviderHost(({ path, headers }) => {
    const auth = headers.authorization ?? "";
    if (path.startsWith("/v1/oauth2/token")) {
      const clientId = Buffer.from(auth.replace(/^Basic /, ""), "base64")
        .toString("utf8")
        .split(":")[0];
      const index = accounts.findIndex((a) => a.clientId === clientId);
      const account = accounts[index];
      if (!account) return undefined;
      const answer = (text: string) => {
        const json = JSON.parse(text) as { access_token?: string };
        if (json.access_token) json.access_token = `${index}~${json.access_token}`;
        return JSON.stringify(json);
      };
      return { url: account.url, answer };
    }
    const [index, token] = auth.replace(/^Bearer /, "").split("~");
    const account = accounts[Number(index)];
    return account && { url: account.url, headers: { authorization: `Bearer ${token}` } };
  });
}

/** The headers PayPal signs a webhook delivery with; the fake accepts the signature "valid". */
export function paypalWebhookHeaders(sig = "valid") {
  return {
    "content-type": "application/json",
    "paypal-transmission-id": `t-${Math.random().toString(36).slice(2)}`,
    "paypal-transmission-time": new Date().toISOString(),
    "paypal-transmission-sig": sig,
    "paypal-cert-url": "https://api.paypal.com/cert.pem",
    "paypal-auth-algo": "SHA256withRSA",
  };
}

export const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

export interface OpenedOrder {
  orderId: string;
  reference: string;
  token: string;
  paymentUrl: string;
  amount: number;
  currency: string;
  licenseKeys: string[];
  testMode: boolean;
}

/** A vendor's back end opens an order through the native API (`POST /api/v1/orders`). */
export async function openNativeOrder(
  server: TestServer,
  auth: Record<string, string>,
  body: Record<string, unknown>,
): Promise<OpenedOrder> {
  const res = await postJson(`${server.url}/api/v1/orders`, body, auth);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST /api/v1/orders: ${res.status} ${text}`);
  return JSON.parse(text) as OpenedOrder;
}

/** `POST /api/v1/orders/{id}/refund` as the vendor's back end sends it. */
export async function refundThroughKeyway(
  server: TestServer,
  auth: Record<string, string>,
  orderId: string,
  body: Record<string, unknown> = {},
) {
  const res = await postJson(`${server.url}/api/v1/orders/${orderId}/refund`, body, {
    ...auth,
    "idempotency-key": `refund-${orderId}-${JSON.stringify(body)}`,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Native validation's answer code: "ok", or the refusal's domain code. */
export async function validate(server: TestServer, key: string, serial: string) {
  const res = await postJson(`${server.url}/api/v1/licenses/validate`, { key, serial });
  const body = (await res.json()) as { data?: { code?: string } };
  return res.ok ? "ok" : body.data?.code;
}

/** What the vendor and the buyer would see of an order: its row, licenses, payments, refunds, timeline. */
export async function orderState(server: TestServer, orderId: string) {
  const db = server.deps.db;
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  if (!order) throw new Error(`no order ${orderId}`);
  return {
    order,
    licenses: await db.select().from(licenses).where(eq(licenses.orderId, orderId)),
    payments: await db.select().from(payments).where(eq(payments.orderId, orderId)),
    refunds: await db.select().from(refunds).where(eq(refunds.orderId, orderId)),
    events: await db
      .select()
      .from(events)
      .where(and(eq(events.subjectType, "order"), eq(events.subjectId, orderId)))
      .orderBy(asc(events.createdAt)),
  };
}

/** How many times the order's timeline holds an event of this type. */
export async function countEvents(server: TestServer, orderId: string, type: string) {
  return (await orderState(server, orderId)).events.filter((e) => e.type === type).length;
}

/** The order's one license status (orders here sell one license). */
export async function licenseStatus(server: TestServer, orderId: string) {
  const { licenses: rows } = await orderState(server, orderId);
  expect(rows).toHaveLength(1);
  return rows[0]?.status;
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) out[k] = Array.isArray(v) ? (v[0] ?? "") : v;
  return out;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

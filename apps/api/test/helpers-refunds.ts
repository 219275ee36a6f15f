import { eq, licenses } from "@keyway/db";
import { expect } from "vitest";
import { z } from "zod";
import { demoHeaders, type TestServer } from "../src/testing";

/** A JSON answer of the native API: its status, parsed body and exact text. */
export interface Answer {
  status: number;
  text: string;
  body: Record<string, unknown> & {
    message?: string;
    data?: { code?: string };
    order?: { status: string; amount: number; refundedAmount: number };
    refund?: { id: string; status: string; source: string; amount: number; licenseAction: string };
  };
}

type Base = { url: string };

/** The native REST API as a vendor's back end calls it (Bearer demo credential by default). */
export async function api(
  server: Base,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = demoHeaders.bearer,
): Promise<Answer> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
  return { status: res.status, text, body: text ? JSON.parse(text) : {} };
}

/** The buyer presses Pay on the sandbox pay page. */
export async function payOnSandbox(paymentUrl: string) {
  const paid = await fetch(paymentUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "action=pay",
    redirect: "manual",
  });
  expect(paid.status).toBe(303);
}

/**
 * Seed 000's Biznoq purchase of the add-on for `serialNo`, in test mode (the sandbox), paid
 * unless told otherwise. The vendor finds its order by the key (the Biznoq answer names none).
 */
export async function biznoqPurchase(server: TestServer, serialNo: string, options: { pay?: boolean } = {}) {
  const res = await fetch(`${server.url}/api/purchase`, {
    method: "POST",
    headers: { "content-type": "application/json", ...demoHeaders.biznoq },
    body: JSON.stringify({ addonId: 1, serialNo, buyerPhone: "9460439200" }),
  });
  expect(res.status).toBe(200);
  const { paymentUrl, licenseKey } = (await res.json()) as { paymentUrl: string; licenseKey: string };
  if (options.pay !== false) await payOnSandbox(paymentUrl);
  const [license] = await server.testDb.db.select().from(licenses).where(eq(licenses.key, licenseKey));
  if (!license?.orderId) throw new Error(`no order for ${licenseKey}`);
  const order = await api(server, "GET", `/orders/${license.orderId}`);
  return { orderId: license.orderId, licenseKey, serialNo, amount: Number(order.body.amount) };
}

/** A paid native subscription (test mode) of plan `planNumber`, bound to `binding`. */
export async function paidSubscription(server: TestServer, planNumber: number, binding: string) {
  const created = await api(server, "POST", "/subscriptions", {
    planNumber,
    billingCycle: "monthly",
    binding,
    testMode: true,
  });
  expect(created.status).toBe(200);
  const { orderId, paymentUrl, licenseKeys, amount } = created.body as {
    orderId: string;
    paymentUrl: string;
    licenseKeys: string[];
    amount: number;
  };
  await payOnSandbox(paymentUrl);
  return { orderId, licenseKey: licenseKeys[0] ?? "", amount };
}

/** Native validation of a key for its binding: `ok`, or the refusal's `data.code`. */
export async function validate(server: Base, key: string, scope: { serial: string } | { domain: string }) {
  const res = await api(server, "POST", "/licenses/validate", { key, ...scope }, {});
  return res.status === 200 ? "ok" : res.body.data?.code;
}

type JsonSchema = Record<string, unknown>;

/**
 * The 200 answer of `method path` as /openapi.json describes it, field for field (the document
 * forbids fields it does not list): `$ref`s resolved, then read as a zod schema.
 */
export function expectDocumented(
  document: {
    paths: Record<string, Record<string, JsonSchema>>;
    components: { schemas: Record<string, JsonSchema> };
  },
  method: string,
  path: string,
  answer: unknown,
) {
  const resolve = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(resolve);
    if (!node || typeof node !== "object") return node;
    const ref = (node as { $ref?: string }).$ref;
    if (ref) return resolve(document.components.schemas[ref.replace("#/components/schemas/", "")]);
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolve(v)]));
  };
  const operation = document.paths[path]?.[method] as
    | { responses: Record<string, { content: Record<string, { schema: JsonSchema }> }> }
    | undefined;
  const schema = operation?.responses["200"]?.content["application/json"]?.schema;
  expect(schema, `${method.toUpperCase()} ${path} in /openapi.json`).toBeDefined();
  const parsed = z.fromJSONSchema(resolve(schema) as JsonSchema).safeParse(answer);
  expect(parsed.error?.issues ?? [], `${method.toUpperCase()} ${path}`).toEqual([]);
}

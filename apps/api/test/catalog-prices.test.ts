import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";

/**
 * Bad prices and duplicate plan names over REST: a negative or fractional price is a 400 in the
 * native envelope, a second plan of one product with the same name a 409 `conflict`; nothing is stored.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
});
afterAll(async () => {
  await server.close();
});

type Json = Record<string, unknown> & { data?: { code?: string; httpStatus?: number } };

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...demoHeaders.bearer },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

const slug = () => `prices-${Math.random().toString(36).slice(2, 8)}`;
const software = async () =>
  (await call("POST", "/products", { kind: "software", name: "Prices", slug: slug() })).body.id as string;

describe("prices and plan names over REST", () => {
  it.each([-500, 2.5])("refuses a plan price of %d with a 400", async (amount) => {
    const productId = await software();
    const refused = await call("POST", "/plans", {
      productId,
      name: "Monthly",
      prices: [{ billingCycle: "monthly", amount }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.data).toMatchObject({ code: "invalid_input", httpStatus: 400 });
  });

  it("refuses a negative product price with a 400", async () => {
    const refused = await call("POST", "/products", {
      kind: "addon",
      name: "Add-on",
      slug: slug(),
      price: -1,
    });
    expect(refused.status).toBe(400);
  });

  it("refuses a second plan of one product with the same name with a 409 conflict", async () => {
    const productId = await software();
    const first = await call("POST", "/plans", { productId, name: "Pro", prices: [] });
    expect(first.status).toBe(200);
    const twice = await call("POST", "/plans", { productId, name: "PRO", prices: [] });
    expect(twice.status).toBe(409);
    expect(twice.body.data).toMatchObject({ code: "conflict", httpStatus: 409 });
    expect(String(twice.body.message)).toContain("already has a plan named");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";

/**
 * Input Postgres cannot hold — NUL (and the other control characters) in any text field,
 * integers past int4 or past 2^53 — is refused by the shared contracts with a 400 in the
 * route's own envelope, never passed on to the database to fail there as a 500.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
});
afterAll(async () => {
  await server.close();
});

type Json = Record<string, unknown>;
async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
  return { status: res.status, body: JSON.parse(text) as Json };
}
const trpcQuery = (path: string, input: unknown) =>
  send("GET", `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);

const NUL = "\u0000";
const PAST_INT4 = 2_147_483_648;
const PAST_2_53 = 2 ** 53 + 2;
const addon = { kind: "addon", productNumber: 1, serialNo: "B-10203040" };

describe("JFramework checkout link (seed 001)", () => {
  const seedBody = {
    returnURL: "https://example.com",
    cancelURL: "https://example.com",
    packageId: "Plakdiooh209sz",
    subscriptionTypeId: "Plakdiooh209sz",
    startDate: "2025-01-01",
    endDate: "2025-02-01",
    testMode: true,
    quantity: 1,
  };
  const checkoutLink = (body: unknown) =>
    send("POST", "/api/v1/licenses/purchase/checkout-link", body, demoHeaders.jframework);

  it("answers a NUL in subscriptionTypeId as any invalid subscriptionTypeId: 400, validation errors", async () => {
    const res = await checkoutLink({ ...seedBody, subscriptionTypeId: `Plakdiooh209sz${NUL}` });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      success: false,
      statusCode: 400,
      message: "One or more validation errors occurred.",
      data: null,
      errors: [
        {
          code: "invalid_input",
          message: "subscriptionTypeId: The subscriptionTypeId field must not contain control characters.",
        },
      ],
    });
  });

  it("refuses a NUL in packageId and in the return URL the same way", async () => {
    for (const body of [
      { ...seedBody, packageId: `Plak${NUL}` },
      { ...seedBody, returnURL: `https://example.com/${NUL}` },
    ]) {
      const res = await checkoutLink(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ success: false, statusCode: 400, data: null });
    }
  });
});

describe("checkout (portal tRPC procedures)", () => {
  const createOrder = (input: unknown) => send("POST", "/trpc/checkout.createOrder", input);
  const badRequest = { error: { data: { httpStatus: 400 } } };

  it("refuses a NUL in vendorSlug with 400 in the tRPC envelope", async () => {
    const res = await createOrder({ vendorSlug: `demo${NUL}`, item: addon });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject(badRequest);
    expect(JSON.stringify(res.body)).toContain("must not contain control characters");
  });

  it("refuses productNumber 2147483648 and 2^53 + 2 with 400, naming the bound", async () => {
    for (const productNumber of [PAST_INT4, PAST_2_53]) {
      const res = await createOrder({ vendorSlug: "demo", item: { ...addon, productNumber } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject(badRequest);
      expect(JSON.stringify(res.body)).toContain("must be at most 2147483647");
    }
  });

  it("refuses a NUL in a renewal key, an order token or a renewal-page key with 400", async () => {
    const renewal = await createOrder({
      vendorSlug: "demo",
      item: { kind: "renewal", licenseKey: `AB${NUL}CD` },
    });
    expect(renewal.status).toBe(400);
    const order = await trpcQuery("checkout.getOrder", { token: `abcdefgh${NUL}` });
    expect(order.status).toBe(400);
    const options = await trpcQuery("checkout.getRenewalOptions", { licenseKey: `EXPIRED${NUL}` });
    expect(options.status).toBe(400);
  });
});

describe("native REST (/api/v1)", () => {
  const api = (method: string, path: string, body?: unknown) =>
    send(method, `/api/v1${path}`, body, demoHeaders.bearer);
  const badRequest = { data: { code: "invalid_input", httpStatus: 400 } };
  const pkg = { kind: "package", packageId: "Plakdiooh209sz", subscriptionTypeId: "Plakdiooh209sz" };

  it("refuses a NUL anywhere in an order's item or customer with 400", async () => {
    for (const body of [
      { item: { ...pkg, packageId: `Plak${NUL}`, startDate: "2025-01-01", endDate: "2025-02-01" } },
      { item: { ...pkg, subscriptionTypeId: `Plak${NUL}`, startDate: "2025-01-01", endDate: "2025-02-01" } },
      { item: { kind: "renewal", licenseKey: `EXPIRED${NUL}000000001` } },
      { item: addon, customer: { name: `Asha${NUL}` } },
      { item: addon, returnUrl: `https://example.com/${NUL}` },
    ]) {
      const res = await api("POST", "/orders", body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject(badRequest);
    }
  });

  it("refuses integers past int4 and past 2^53 with 400", async () => {
    for (const n of [PAST_INT4, PAST_2_53]) {
      const order = await api("POST", "/orders", { item: { ...addon, productNumber: n } });
      expect(order.status).toBe(400);
      expect(order.body).toMatchObject(badRequest);
      expect(JSON.stringify(order.body)).toContain("must be at most 2147483647");
      const subscription = await api("POST", "/subscriptions", { planNumber: n, billingCycle: "monthly" });
      expect(subscription.status).toBe(400);
    }
    const cancel = await api("POST", `/subscriptions/${PAST_INT4}/cancel`, {});
    expect(cancel.status).toBe(400);
    expect(cancel.body).toMatchObject(badRequest);
  });

  it("refuses a NUL in a license list filter with 400", async () => {
    const res = await api("GET", `/licenses?key=${encodeURIComponent(`AB${NUL}`)}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject(badRequest);
  });
});

describe("Biznoq (seed 000) and Blenddoit (seed 002)", () => {
  it("Biznoq names the field in its own envelope", async () => {
    const res = await send(
      "POST",
      "/api/purchase",
      { addonId: 1, serialNo: `B-1234${NUL}5678`, buyerPhone: "9460439200" },
      demoHeaders.biznoq,
    );
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, message: "serialNo must not contain control characters." });
  });

  it("Blenddoit answers a domain with a control character as an invalid domain", async () => {
    for (const domain of [`example.com${NUL}`, "exa\u0085mple.com"]) {
      const res = await send("POST", "/api/verify-license.php", {
        software_id: "1",
        license_key: "ABCDEF1234567890",
        domain,
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ status: "error", message: "Invalid domain format.", data: [] });
    }
  });
});

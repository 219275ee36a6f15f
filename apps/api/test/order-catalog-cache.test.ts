import { customers, eq, orders, products } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";

/**
 * Add-on orders are written in one statement from an add-on this process remembers for up to a
 * second (core commerce/catalog-cache.ts). What a vendor changes applies to the very next order,
 * and the buyer's customer is still found by email, then by phone.
 */
let server: TestServer;
let addonId = "";
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
  const products = (await (
    await fetch(`${server.url}/api/v1/products`, { headers: demoHeaders.bearer })
  ).json()) as { id: string; kind: string; number: number | null }[];
  addonId = products.find((p) => p.kind === "addon" && p.number === 1)?.id ?? "";
});
afterAll(async () => {
  await server.close();
});

let serial = 40_000_000;
async function buy(customer: { phone?: string; email?: string }) {
  const res = await fetch(`${server.url}/trpc/checkout.createOrder`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      vendorSlug: "demo",
      item: { kind: "addon", productNumber: 1, serialNo: `B-${serial++}` },
      customer,
    }),
  });
  const body = (await res.json()) as {
    result?: { data: { token: string; amount: number } };
    error?: { data: { httpStatus: number } };
  };
  return { status: res.status, order: body.result?.data };
}

const customerOf = async (token: string) => {
  const [row] = await server.testDb.db
    .select({ id: customers.id, email: customers.email, phone: customers.phone })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(eq(orders.token, token));
  return row;
};

const patchProduct = (body: unknown) =>
  fetch(`${server.url}/api/v1/products/${addonId}`, {
    method: "PATCH",
    headers: { ...demoHeaders.bearer, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("add-on orders from a remembered add-on", () => {
  it("prices the very next order at a new price, and refuses it once archived", async () => {
    expect((await buy({ phone: "9000000101" })).order?.amount).toBe(299900);
    expect((await buy({ phone: "9000000101" })).order?.amount).toBe(299900);
    expect((await patchProduct({ price: 199900 })).status).toBe(200);
    expect((await buy({ phone: "9000000101" })).order?.amount).toBe(199900);
    expect((await buy({ phone: "9000000101" })).order?.amount).toBe(199900);
    const archived = await fetch(`${server.url}/api/v1/products/${addonId}/archive`, {
      method: "POST",
      headers: demoHeaders.bearer,
    });
    expect(archived.status).toBe(200);
    expect((await buy({ phone: "9000000101" })).status).toBe(404);
    const restored = await fetch(`${server.url}/api/v1/products/${addonId}/restore`, {
      method: "POST",
      headers: demoHeaders.bearer,
    });
    expect(restored.status).toBe(200);
    expect((await patchProduct({ price: 299900 })).status).toBe(200);
    expect((await buy({ phone: "9000000101" })).order?.amount).toBe(299900);
  });

  it("never refuses from memory: an add-on given a price is sold by the very next order", async () => {
    // An add-on sold only with its software (no price of its own): the API keeps one, so set here.
    await server.testDb.db.update(products).set({ price: null }).where(eq(products.id, addonId));
    const refused = await buy({ phone: "9000000401" });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect((await patchProduct({ price: 149900 })).status).toBe(200);
    expect((await buy({ phone: "9000000401" })).order?.amount).toBe(149900);
    expect((await patchProduct({ price: 299900 })).status).toBe(200);
  });

  it("finds the buyer's customer by email, then by phone, and creates one only when none matches", async () => {
    await buy({ phone: "9000000201" }); // remembered from here on
    const first = await buy({ phone: "9000000202" });
    const firstCustomer = await customerOf(first.order?.token ?? "");
    expect(firstCustomer).toMatchObject({ phone: "9000000202", email: null });

    // The same phone with an email: the same customer, who now has the email.
    const second = await buy({ phone: "9000000202", email: "Buyer.202@example.com" });
    expect(await customerOf(second.order?.token ?? "")).toEqual({
      id: firstCustomer?.id,
      phone: "9000000202",
      email: "buyer.202@example.com",
    });
    // The email alone finds them too; another phone with that email is still them.
    const third = await buy({ email: "buyer.202@example.com", phone: "9000000203" });
    expect((await customerOf(third.order?.token ?? ""))?.id).toBe(firstCustomer?.id);

    // Someone new: a new customer, found again next time.
    const fourth = await buy({ email: "new.buyer@example.com" });
    const fourthCustomer = await customerOf(fourth.order?.token ?? "");
    expect(fourthCustomer?.id).not.toBe(firstCustomer?.id);
    const fifth = await buy({ email: "new.buyer@example.com" });
    expect((await customerOf(fifth.order?.token ?? ""))?.id).toBe(fourthCustomer?.id);
  });

  it("ten orders at once by one new buyer make one customer", async () => {
    await buy({ phone: "9000000301" });
    const answers = await Promise.all(Array.from({ length: 10 }, () => buy({ phone: "9000000302" })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const ids = await Promise.all(answers.map((a) => customerOf(a.order?.token ?? "")));
    expect(new Set(ids.map((c) => c?.id)).size).toBe(1);
  });
});

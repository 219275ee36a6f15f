import { eq, orders } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const returnUrl = "https://shop.example/thanks";
const cancelUrl = "https://shop.example/cart";

/** A portal checkout on the sandbox, with the shop's own return and cancel pages where given. */
async function checkout(urls: { returnUrl?: string; cancelUrl?: string }, phone: string) {
  const res = await fetch(`${server.url}/trpc/checkout.createOrder`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      vendorSlug: "demo",
      item: { kind: "addon", productNumber: 1, serialNo: "B-10203040" },
      customer: { phone },
      ...urls,
    }),
  });
  expect(res.status).toBe(200);
  const { result } = (await res.json()) as { result: { data: { token: string; paymentUrl: string } } };
  return result.data;
}

/** Presses a button of the sandbox pay page; answers where the browser is sent. */
async function press(paymentUrl: string, action: "pay" | "fail" | "cancel") {
  const res = await fetch(paymentUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `action=${action}`,
    redirect: "manual",
  });
  expect(res.status).toBe(303);
  return res.headers.get("location");
}

const orderPage = (token: string) => `${server.url}/orders/${token}`;

describe("where the buyer goes after the pay page", () => {
  it("paid: the shop's return URL, else the portal's order page", async () => {
    const withUrls = await checkout({ returnUrl, cancelUrl }, "9000000701");
    expect(await press(withUrls.paymentUrl, "pay")).toBe(returnUrl);
    const bare = await checkout({}, "9000000702");
    expect(await press(bare.paymentUrl, "pay")).toBe(orderPage(bare.token));
  });

  it("cancelled: the shop's cancel URL, else the order page — never the return URL, which means paid", async () => {
    const withUrls = await checkout({ returnUrl, cancelUrl }, "9000000703");
    expect(await press(withUrls.paymentUrl, "cancel")).toBe(cancelUrl);
    const returnOnly = await checkout({ returnUrl }, "9000000704");
    expect(await press(returnOnly.paymentUrl, "cancel")).toBe(orderPage(returnOnly.token));
  });

  it("failed: the order page, which says so, not the shop's return or cancel URL", async () => {
    const order = await checkout({ returnUrl, cancelUrl }, "9000000705");
    expect(await press(order.paymentUrl, "fail")).toBe(orderPage(order.token));
  });

  it("paying an order that expired meanwhile: the order page, not the return URL", async () => {
    const order = await checkout({ returnUrl, cancelUrl }, "9000000706");
    await server.testDb.db
      .update(orders)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(orders.token, order.token));
    expect(await press(order.paymentUrl, "pay")).toBe(orderPage(order.token));
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { signUpBrowser } from "./console-helpers";
import { restClient } from "./vendor-rest-client";

/**
 * `GET /orders/{orderId}/detail` (the console's order page) and `GET /dashboard/recurring-revenue`
 * (its MRR and churn charts) over REST: what a paid subscription shows, bad input, and another
 * vendor's view.
 */

let server: TestServer;
let rest: ReturnType<typeof restClient>["rest"];
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
  ({ rest } = restClient(server.url));
});
afterAll(async () => {
  await server?.close();
});

interface Detail {
  order: { id: string; status: string; kind: string; licenseId: string | null; testMode: boolean };
  item: {
    productName: string | null;
    planName: string | null;
    billingCycle: string | null;
    quantity: number;
  };
  customer: { email: string | null; phone: string | null } | null;
  payments: { gateway: string; reference: string; status: string; amount: number }[];
  licenses: { id: string; key: string; status: string }[];
}

/** A yearly Business Suite subscription of the demo store, paid on the sandbox's page. */
async function paidSubscription(email: string) {
  const created = await rest<{ orderId: string; paymentUrl: string; amount: number }>(
    demoHeaders.bearer,
    "POST",
    "/orders",
    { item: { kind: "subscription", planNumber: 2, billingCycle: "yearly" }, customer: { email } },
  );
  expect(created.status).toBe(200);
  const paid = await fetch(created.body.paymentUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "action=pay",
    redirect: "manual",
  });
  expect(paid.status).toBe(303);
  return created.body;
}

describe("GET /orders/{orderId}/detail", () => {
  it("shows a paid subscription order with its item, customer, payment and license", async () => {
    const order = await paidSubscription("detail@buyer.test");
    const detail = await rest<Detail>(demoHeaders.bearer, "GET", `/orders/${order.orderId}/detail`);
    expect(detail.status).toBe(200);
    expect(detail.body.order).toMatchObject({ id: order.orderId, status: "paid", kind: "subscription" });
    expect(detail.body.item).toMatchObject({
      productName: "Biznoq Business Suite",
      planName: "Business Suite",
      billingCycle: "yearly",
      quantity: 1,
    });
    expect(detail.body.customer).toMatchObject({ email: "detail@buyer.test" });
    expect(detail.body.payments).toEqual([
      expect.objectContaining({ gateway: "sandbox", status: "succeeded", amount: order.amount }),
    ]);
    expect(detail.body.licenses).toEqual([
      expect.objectContaining({ id: detail.body.order.licenseId, status: "active" }),
    ]);
  });

  it("answers 404 for an unknown order and 400 for an id that is not one", async () => {
    const unknown = await rest<{ code: string }>(
      demoHeaders.bearer,
      "GET",
      "/orders/ord_00000000000000000000/detail",
    );
    expect(unknown.status).toBe(404);
    expect((await rest(demoHeaders.bearer, "GET", `/orders/${"x".repeat(300)}/detail`)).status).toBe(400);
  });

  it("never shows one vendor's order to another", async () => {
    const order = await paidSubscription("private@buyer.test");
    const other = await signUpBrowser(server.url);
    const seen = await other.query("order.detail", { orderId: order.orderId });
    expect(seen).toMatchObject({ ok: false, status: 404 });
    expect((await fetch(`${server.url}/api/v1/orders/${order.orderId}/detail`)).status).toBe(401);
  });
});

describe("GET /dashboard/recurring-revenue", () => {
  it("gives the months asked for, the current one last, with the paid subscriptions in this month's MRR", async () => {
    const report = await rest<{
      months: { month: string; mrr: Record<string, number>; testMrr: Record<string, number> }[];
    }>(demoHeaders.bearer, "GET", "/dashboard/recurring-revenue?months=3");
    expect(report.status).toBe(200);
    expect(report.body.months).toHaveLength(3);
    const current = report.body.months.at(-1);
    // Both yearly Business Suite subscriptions above, a twelfth of ₹7,999 each (live or test, as paid).
    const total = (current?.mrr.INR ?? 0) + (current?.testMrr.INR ?? 0);
    expect(total).toBe(Math.round((2 * 799900) / 12));
  });

  it("refuses a number of months out of range", async () => {
    expect((await rest(demoHeaders.bearer, "GET", "/dashboard/recurring-revenue?months=0")).status).toBe(400);
    expect((await rest(demoHeaders.bearer, "GET", "/dashboard/recurring-revenue?months=25")).status).toBe(
      400,
    );
  });
});

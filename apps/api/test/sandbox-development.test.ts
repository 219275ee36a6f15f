import { eq, licenses, orders, vendors } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";

/** Outside production the sandbox stands in for every gateway, and what it settles is test mode. */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
});
afterAll(async () => {
  await server.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
const pay = (paymentUrl: string) =>
  fetch(paymentUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "action=pay",
    redirect: "manual",
  });
const orderByToken = async (token: string) => {
  const [order] = await server.deps.db.select().from(orders).where(eq(orders.token, token));
  if (!order) throw new Error("no order");
  return order;
};
const tokenOf = (paymentUrl: string) => paymentUrl.split("/pay/")[1] ?? "";
const licensesOf = (orderId: string) =>
  server.deps.db.select().from(licenses).where(eq(licenses.orderId, orderId));

describe("the seeds' examples on a development server", () => {
  it("Biznoq purchase: paid through the sandbox; the order and its license are test mode", async () => {
    const res = await post(
      "/api/purchase",
      { addonId: 1, serialNo: "B-12345678", buyerPhone: "9460439200" },
      demoHeaders.biznoq,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { paymentUrl: string; licenseKey: string };
    expect(Object.keys(body).sort()).toEqual(["licenseKey", "paymentUrl", "success"]);
    expect(await (await fetch(body.paymentUrl)).text()).toContain("Test mode");
    expect((await pay(body.paymentUrl)).status).toBe(303);

    const order = await orderByToken(tokenOf(body.paymentUrl));
    expect(order).toMatchObject({ status: "paid", gateway: "sandbox", testMode: true });
    const license = (await (
      await fetch(`${server.url}/api/v1/licenses/${order.licenseId}`, { headers: demoHeaders.bearer })
    ).json()) as { key: string; status: string; testMode: boolean };
    expect(license).toMatchObject({ key: body.licenseKey, status: "active", testMode: true });
    const status = await fetch(`${server.url}/api/purchase/status/${body.licenseKey}`, {
      headers: demoHeaders.biznoq,
    });
    expect(((await status.json()) as { license: { status: string } }).license.status).toBe("verified");
  });

  it("JFramework checkout link without testMode: the issued package licenses are test mode", async () => {
    const res = await post(
      "/api/v1/licenses/purchase/checkout-link",
      {
        packageId: "Plakdiooh209sz",
        subscriptionTypeId: "Plakdiooh209sz",
        startDate: "2025-01-01",
        endDate: "2025-02-01",
        quantity: 2,
      },
      demoHeaders.jframework,
    );
    expect(res.status).toBe(200);
    const link = String(((await res.json()) as { data: string }).data);
    expect((await pay(link)).status).toBe(303);
    const order = await orderByToken(tokenOf(link));
    expect(order).toMatchObject({ status: "paid", testMode: true });
    const issued = await licensesOf(order.id);
    expect(issued.map((l) => [l.status, l.testMode])).toEqual([
      ["active", true],
      ["active", true],
    ]);
  });

  it("portal renewal (Blenddoit's payment page): paid through the sandbox as a test-mode order", async () => {
    const res = await post("/trpc/checkout.createOrder", {
      vendorSlug: "demo",
      item: { kind: "renewal", licenseKey: "EXPIRED000000001" },
    });
    expect(res.status).toBe(200);
    const created = ((await res.json()) as { result: { data: { token: string; paymentUrl: string } } }).result
      .data;
    expect((await pay(created.paymentUrl)).status).toBe(303);
    const view = (await (
      await fetch(
        `${server.url}/trpc/checkout.getOrder?input=${encodeURIComponent(JSON.stringify({ token: created.token }))}`,
      )
    ).json()) as { result: { data: { status: string; testMode: boolean } } };
    expect(view.result.data).toMatchObject({ status: "paid", testMode: true });
  });

  it("stands in for a vendor default gateway this process has not configured", async () => {
    await server.deps.db.update(vendors).set({ defaultGateway: "paypal" }).where(eq(vendors.slug, "demo"));
    try {
      const res = await post(
        "/api/purchase",
        { addonId: 1, serialNo: "B-12345678", buyerPhone: "9460439201" },
        demoHeaders.biznoq,
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as { paymentUrl: string };
      expect(body.paymentUrl).toMatch(new RegExp(`^${server.url}/pay/`));
      expect((await pay(body.paymentUrl)).status).toBe(303);
      expect(await orderByToken(tokenOf(body.paymentUrl))).toMatchObject({
        status: "paid",
        gateway: "sandbox",
        testMode: true,
      });
    } finally {
      await server.deps.db.update(vendors).set({ defaultGateway: "sandbox" }).where(eq(vendors.slug, "demo"));
    }
  });
});

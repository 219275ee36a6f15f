import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const json = async <T>(res: Response) => (await res.json()) as T;
const trpc = (path: string, input: unknown) =>
  fetch(`${server.url}/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
  });
const trpcQuery = (path: string, input: unknown) =>
  fetch(`${server.url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);

describe("checkout (portal procedures)", () => {
  it("opens an add-on order, shows it pending, then the key once paid", async () => {
    const created = await json<{
      result: { data: { token: string; paymentUrl: string; amount: number; currency: string } };
    }>(
      await trpc("checkout.createOrder", {
        vendorSlug: "demo",
        item: { kind: "addon", productNumber: 1, serialNo: "B-10203040" },
        customer: { phone: "9000000001" },
      }),
    );
    const order = created.result.data;
    expect(order.amount).toBe(299900);
    expect(order.currency).toBe("INR");
    const before = await json<{ result: { data: { status: string; licenses: unknown[] } } }>(
      await trpcQuery("checkout.getOrder", { token: order.token }),
    );
    expect(before.result.data.status).toBe("pending");
    expect(before.result.data.licenses).toEqual([]);
    await fetch(order.paymentUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "action=pay",
      redirect: "manual",
    });
    const after = await json<{
      result: { data: { status: string; licenses: { key: string; status: string }[] } };
    }>(await trpcQuery("checkout.getOrder", { token: order.token }));
    expect(after.result.data.status).toBe("paid");
    expect(after.result.data.licenses[0]?.status).toBe("active");
  });

  it("renews the demo expired license: options, pay, and a new expiry in the future", async () => {
    const options = await json<{
      result: { data: { status: string; options: { billingCycle: string; amount: number }[] } };
    }>(await trpcQuery("checkout.getRenewalOptions", { licenseKey: "EXPIRED000000001" }));
    expect(options.result.data.status).toBe("expired");
    expect(options.result.data.options).toEqual([
      expect.objectContaining({ billingCycle: "monthly", amount: 49900 }),
    ]);
    const created = await json<{ result: { data: { token: string; paymentUrl: string } } }>(
      await trpc("checkout.createOrder", {
        vendorSlug: "demo",
        item: { kind: "renewal", licenseKey: "EXPIRED000000001" },
      }),
    );
    await fetch(created.result.data.paymentUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "action=pay",
      redirect: "manual",
    });
    const verify = await fetch(`${server.url}/api/verify-license.php`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "software_id=1&license_key=EXPIRED000000001&domain=example.org",
    });
    const body = await json<{ status: string; data: { expiry_date: string } }>(verify);
    expect(body.status).toBe("success");
    expect(new Date(body.data.expiry_date).getTime()).toBeGreaterThan(Date.now());
  });

  it("answers an unknown store and a bad item with 4xx, never 500", async () => {
    expect(
      (
        await trpc("checkout.createOrder", {
          vendorSlug: "nope",
          item: { kind: "addon", productNumber: 1, serialNo: "1234" },
        })
      ).status,
    ).toBe(404);
    expect(
      (await trpc("checkout.createOrder", { vendorSlug: "demo", item: { kind: "teapot" } })).status,
    ).toBe(400);
    expect((await trpcQuery("checkout.getOrder", { token: "x".repeat(20) })).status).toBe(404);
  });
});

describe("orders REST API", () => {
  it("creates, gets and lists orders for the calling vendor, replaying an Idempotency-Key", async () => {
    const body = {
      item: { kind: "subscription", planNumber: 2, billingCycle: "monthly", binding: "B-31313131" },
    };
    const headers = {
      "content-type": "application/json",
      ...demoHeaders.bearer,
      "idempotency-key": "order-1",
    };
    const first = await json<{ orderId: string; amount: number }>(
      await fetch(`${server.url}/api/v1/orders`, { method: "POST", headers, body: JSON.stringify(body) }),
    );
    expect(first.amount).toBe(79900);
    const again = await json<{ orderId: string }>(
      await fetch(`${server.url}/api/v1/orders`, { method: "POST", headers, body: JSON.stringify(body) }),
    );
    expect(again.orderId).toBe(first.orderId);
    const got = await json<{ id: string; status: string; kind: string }>(
      await fetch(`${server.url}/api/v1/orders/${first.orderId}`, { headers: demoHeaders.bearer }),
    );
    expect(got).toMatchObject({ id: first.orderId, status: "pending", kind: "subscription" });
    const list = await json<{ items: { id: string }[] }>(
      await fetch(`${server.url}/api/v1/orders?limit=5`, { headers: demoHeaders.bearer }),
    );
    expect(list.items.map((o) => o.id)).toContain(first.orderId);
    expect((await fetch(`${server.url}/api/v1/orders`, {})).status).toBe(401);
  });
});

describe("subscriptions REST API", () => {
  it("creates a subscription, pays it, cancels it at period end and resumes it", async () => {
    const headers = { "content-type": "application/json", ...demoHeaders.bearer };
    const created = await json<{ subscriptionId: number; paymentUrl: string; licenseKeys: string[] }>(
      await fetch(`${server.url}/api/v1/subscriptions`, {
        method: "POST",
        headers,
        body: JSON.stringify({ planNumber: 2, billingCycle: "yearly", binding: "B-42424242" }),
      }),
    );
    expect(Number.isInteger(created.subscriptionId)).toBe(true);
    expect(created.licenseKeys).toHaveLength(1);
    const paid = await fetch(created.paymentUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "action=pay",
      redirect: "manual",
    });
    expect(paid.status).toBe(303);

    const change = (verb: string) =>
      fetch(`${server.url}/api/v1/subscriptions/${created.subscriptionId}/${verb}`, {
        method: "POST",
        headers,
        body: "{}",
      });
    const cancelled = await json<{ status: string; cancelAtPeriodEnd: boolean; currentPeriodEnd: string }>(
      await change("cancel"),
    );
    expect(cancelled).toMatchObject({ status: "active", cancelAtPeriodEnd: true });
    expect(new Date(cancelled.currentPeriodEnd).getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);
    expect(await json(await change("resume"))).toMatchObject({ cancelAtPeriodEnd: false });

    const bad = await fetch(`${server.url}/api/v1/subscriptions`, {
      method: "POST",
      headers,
      body: JSON.stringify({ planNumber: 2, billingCycle: "weekly" }),
    });
    expect(bad.status).toBe(400);
  });
});

import { eq, licenses, orders, payments, subscriptions } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...demoHeaders.biznoq, ...headers },
    body: JSON.stringify(body),
  });

const pay = (paymentUrl: string, action = "pay") =>
  fetch(paymentUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `action=${action}`,
    redirect: "manual",
  });

const status = async (key: string) =>
  (await (
    await fetch(`${server.url}/api/purchase/status/${key}`, { headers: demoHeaders.biznoq })
  ).json()) as {
    success: boolean;
    license: {
      status: string;
      activatedAt: string | null;
      expiresAt: string | null;
      serialNo: string | null;
    };
  };

describe("Biznoq purchase (seed 000)", () => {
  it("runs the seed example: a pay link and a key that verifies once paid", async () => {
    const res = await post("/api/purchase", { addonId: 1, serialNo: "B-12345678", buyerPhone: "9460439200" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { success: boolean; paymentUrl: string; licenseKey: string };
    expect(Object.keys(body).sort()).toEqual(["licenseKey", "paymentUrl", "success"]);
    expect(body.success).toBe(true);
    expect(body.licenseKey).toMatch(/^GA-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(body.paymentUrl).toMatch(new RegExp(`^${server.url}/pay/`));
    expect((await status(body.licenseKey)).license.status).toBe("pending");

    const page = await fetch(body.paymentUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Smart Item Trading Analyzer");

    const paid = await pay(body.paymentUrl);
    expect(paid.status).toBe(303);
    const after = await status(body.licenseKey);
    expect(after.license.status).toBe("verified");
    expect(after.license.serialNo).toBe("B-12345678");
    expect(after.license.activatedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(after.license.expiresAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("runs the subscribe example: an integer subscription id, active once paid", async () => {
    const res = await post("/api/plans/subscribe", {
      planId: 2,
      serialNo: "B-87654321",
      buyerPhone: "9876543210",
      billingCycle: "yearly",
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { success: boolean; paymentUrl: string; subscriptionId: number };
    expect(Object.keys(body).sort()).toEqual(["paymentUrl", "subscriptionId", "success"]);
    expect(Number.isInteger(body.subscriptionId)).toBe(true);
    await pay(body.paymentUrl);
    const [sub] = await server.deps.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.id, body.subscriptionId));
    expect(sub?.status).toBe("active");
    const [license] = await server.deps.db
      .select()
      .from(licenses)
      .where(eq(licenses.id, sub?.licenseId ?? ""));
    expect(license?.status).toBe("active");
    // Yearly: the period and the license expiry move together, one year out.
    expect(sub?.currentPeriodEnd?.toISOString()).toBe(license?.expiresAt?.toISOString());
    const days = ((license?.expiresAt?.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(360);
  });

  it.each([
    [{ serialNo: "B-1", buyerPhone: "9460439200" }, "addonId is required."],
    [
      { addonId: 1, serialNo: "B-12345678", buyerPhone: "94604" },
      "buyerPhone must be a 10-digit mobile phone number.",
    ],
    [{ addonId: 999, serialNo: "B-12345678", buyerPhone: "9460439200" }, "Add-on 999 was not found."],
    [{ addonId: "x", serialNo: "B-12345678", buyerPhone: "9460439200" }, "addonId must be an integer."],
  ])("refuses %j with a clear message", async (body, message) => {
    const res = await post("/api/purchase", body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await res.json()).toEqual({ success: false, message });
  });

  it("refuses a billing cycle other than monthly or yearly, and an unknown plan", async () => {
    const bad = await post("/api/plans/subscribe", {
      planId: 2,
      serialNo: "B-1234",
      buyerPhone: "9876543210",
      billingCycle: "weekly",
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      success: false,
      message: "billingCycle must be either monthly or yearly.",
    });
    const unknown = await post("/api/plans/subscribe", {
      planId: 77,
      serialNo: "B-1234",
      buyerPhone: "9876543210",
      billingCycle: "monthly",
    });
    expect(unknown.status).toBe(404);
  });

  it("answers 401 in the envelope without credentials, and malformed JSON with a 400", async () => {
    const res = await fetch(`${server.url}/api/purchase`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { success: boolean }).success).toBe(false);
    const broken = await fetch(`${server.url}/api/purchase`, {
      method: "POST",
      headers: { "content-type": "application/json", ...demoHeaders.biznoq },
      body: "{not json",
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { success: boolean }).success).toBe(false);
  });
});

describe("paying an order", () => {
  const buy = async () => {
    const res = await post("/api/purchase", { addonId: 1, serialNo: "B-55554444", buyerPhone: "9460439200" });
    return (await res.json()) as { paymentUrl: string; licenseKey: string };
  };

  it("issues one license and one payment when the same callback arrives ten times at once", async () => {
    const order = await buy();
    const answers = await Promise.all(Array.from({ length: 10 }, () => pay(order.paymentUrl)));
    expect(answers.every((a) => a.status === 303)).toBe(true);
    const [row] = await server.deps.db
      .select()
      .from(orders)
      .where(eq(orders.token, order.paymentUrl.split("/pay/")[1] ?? ""));
    const rows = await server.deps.db
      .select()
      .from(payments)
      .where(eq(payments.orderId, row?.id ?? ""));
    expect(rows).toHaveLength(1);
    expect(row?.status).toBe("paid");
    const issued = await server.deps.db
      .select()
      .from(licenses)
      .where(eq(licenses.orderId, row?.id ?? ""));
    expect(issued).toHaveLength(1);
  });

  it("cannot pay an order after it expired", async () => {
    const order = await buy();
    const token = order.paymentUrl.split("/pay/")[1] ?? "";
    await server.deps.db
      .update(orders)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(orders.token, token));
    await pay(order.paymentUrl);
    expect((await status(order.licenseKey)).license.status).toBe("pending");
    const [row] = await server.deps.db.select().from(orders).where(eq(orders.token, token));
    expect(row?.status).toBe("expired");
  });

  it("a failed payment leaves the key unverified", async () => {
    const order = await buy();
    await pay(order.paymentUrl, "fail");
    expect((await status(order.licenseKey)).license.status).toBe("pending");
    await pay(order.paymentUrl, "pay");
    expect((await status(order.licenseKey)).license.status).toBe("pending");
  });

  it("replays an Idempotency-Key with the same body and refuses it with another", async () => {
    const body = { addonId: 1, serialNo: "B-99990000", buyerPhone: "9460439200" };
    const first = await (await post("/api/purchase", body, { "idempotency-key": "k-1" })).json();
    const again = await (await post("/api/purchase", body, { "idempotency-key": "k-1" })).json();
    expect(again).toEqual(first);
    const other = await post(
      "/api/purchase",
      { ...body, serialNo: "B-11112222" },
      { "idempotency-key": "k-1" },
    );
    expect(other.status).toBe(409);
    expect(((await other.json()) as { success: boolean }).success).toBe(false);
  });
});

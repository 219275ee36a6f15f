import { and, eq, events, licenses, orders } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

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

const checkoutLink = (body: unknown, headers: Record<string, string> = demoHeaders.jframework) =>
  fetch(`${server.url}/api/v1/licenses/purchase/checkout-link`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

describe("JFramework checkout link (seed 001)", () => {
  it("answers the seed example with a checkout link in the seed's envelope", async () => {
    const res = await checkoutLink(seedBody);
    expect(res.status).toBe(200);
    const answer = (await res.json()) as Record<string, unknown>;
    expect(answer).toMatchObject({
      success: true,
      statusCode: 200,
      message: "The request was successful.",
      errors: [],
    });
    expect(String(answer.data)).toMatch(/\/pay\/[\w-]+$/);

    // Paying the link issues the one license the example asked for.
    const paid = await fetch(String(answer.data), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "action=pay",
      redirect: "manual",
    });
    expect(paid.status).toBe(303);
    const token = String(answer.data).split("/pay/")[1] ?? "";
    const [order] = await server.deps.db.select().from(orders).where(eq(orders.token, token));
    expect(order?.status).toBe("paid");
    const issued = await server.deps.db
      .select()
      .from(licenses)
      .where(eq(licenses.orderId, order?.id ?? ""));
    expect(issued.map((l) => l.status)).toEqual(["active"]);
  });

  it("issues `quantity` licenses valid from start to end date once the link is paid", async () => {
    const res = await checkoutLink({ ...seedBody, quantity: 3 });
    const link = String(((await res.json()) as { data: string }).data);
    const paid = await fetch(link, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "action=pay",
      redirect: "manual",
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toMatch(/^https:\/\/example\.com\/?$/);
    const token = link.split("/pay/")[1] ?? "";
    const [order] = await server.deps.db.select().from(orders).where(eq(orders.token, token));
    expect(order?.status).toBe("paid");
    const issued = await server.deps.db
      .select()
      .from(licenses)
      .where(and(eq(licenses.orderId, order?.id ?? ""), eq(licenses.status, "active")));
    expect(issued).toHaveLength(3);
    for (const license of issued) expect(license.expiresAt?.toISOString().slice(0, 10)).toBe("2025-02-01");
    const [succeeded] = await server.deps.db
      .select()
      .from(events)
      .where(and(eq(events.type, "payment.succeeded"), eq(events.subjectId, order?.id ?? "")));
    expect(succeeded?.data).toMatchObject({
      amount: 2997,
      amount_decimal: "29.97",
      currency: "USD",
      product: { slug: expect.any(String), kind: "package" },
      test_mode: true,
      subscription_id: null,
    });
    expect([...((succeeded?.data.license_keys ?? []) as string[])].sort()).toEqual(
      issued.map((l) => l.key).sort(),
    );
    expect(issued.map((l) => l.id)).toContain(succeeded?.data.license_id);
  });

  it("answers bad credentials and bad bodies in the envelope with a 4xx, one error per problem", async () => {
    const unauth = await checkoutLink(seedBody, { "Brand-URL": "YOUR_BRAND_URL", "Auth-Key": "wrong" });
    expect(unauth.status).toBe(401);
    expect(await unauth.json()).toMatchObject({ success: false, statusCode: 401 });

    const bad = await checkoutLink({ packageId: "", startDate: "soon" });
    expect(bad.status).toBe(400);
    const answer = (await bad.json()) as { success: boolean; statusCode: number; errors: unknown[] };
    expect(answer.success).toBe(false);
    expect(answer.statusCode).toBe(400);
    expect(answer.errors.length).toBeGreaterThanOrEqual(3);
    expect(answer.errors[0]).toMatchObject({ code: "invalid_input", correlationId: expect.any(String) });

    const unknown = await checkoutLink({ ...seedBody, packageId: "nope" });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ success: false, statusCode: 404 });

    const malformed = await fetch(`${server.url}/api/v1/licenses/purchase/checkout-link`, {
      method: "POST",
      headers: { "content-type": "application/json", ...demoHeaders.jframework },
      body: "{",
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ success: false, statusCode: 400 });
  });
});

describe("JFramework license check", () => {
  const check = (code: string) =>
    fetch(`${server.url}/api/v1/licenses/check?licenseCode=${encodeURIComponent(code)}`, {
      headers: demoHeaders.jframework,
    });

  it("answers true for an active license, false for an expired one, 404 for an unknown one", async () => {
    expect(await (await check("ABCDEF1234567890")).json()).toMatchObject({ success: true, data: true });
    expect(await (await check("EXPIRED000000001")).json()).toMatchObject({ success: true, data: false });
    const unknown = await check("NOPE0000NOPE0000");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      success: false,
      statusCode: 404,
      errors: [{ code: "license_not_found", message: "The license was not found in the system." }],
    });
    const missing = await fetch(`${server.url}/api/v1/licenses/check`, { headers: demoHeaders.jframework });
    expect(missing.status).toBe(400);
  });
});

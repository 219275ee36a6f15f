import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { signUpBrowser } from "./console-helpers";
import { createOtherVendor } from "./helpers-license";

/**
 * The expiry policy of the catalog over REST: products carry `expiryStrategy`, `gracePeriodDays`
 * and `clockStartsAt` (database defaults when left out); plans override each field, null = the
 * product's. Bad values are a 400 in the native envelope; another vendor's product is a 404.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
});
afterAll(async () => {
  await server.close();
});

type Json = Record<string, unknown> & { data?: { code?: string; httpStatus?: number } };

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = demoHeaders.bearer,
) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

const slug = () => `policy-${Math.random().toString(36).slice(2, 8)}`;

describe("a product's expiry policy over REST", () => {
  it("defaults to restrict, no grace, clock from purchase, as the database does", async () => {
    const created = await call("POST", "/products", { kind: "software", name: "Defaults", slug: slug() });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      expiryStrategy: "restrict",
      gracePeriodDays: 0,
      clockStartsAt: "purchase",
    });
  });

  it("round-trips through create, patch and read, leaving omitted fields as they were", async () => {
    const created = await call("POST", "/products", {
      kind: "software",
      name: "Policy Suite",
      slug: slug(),
      expiryStrategy: "maintain",
      gracePeriodDays: 7,
      clockStartsAt: "first_activation",
    });
    expect(created.status).toBe(200);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({
      expiryStrategy: "maintain",
      gracePeriodDays: 7,
      clockStartsAt: "first_activation",
    });

    const patched = await call("PATCH", `/products/${id}`, { gracePeriodDays: 14 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      expiryStrategy: "maintain",
      gracePeriodDays: 14,
      clockStartsAt: "first_activation",
    });

    const read = await call("GET", `/products/${id}`);
    expect(read.body).toMatchObject({
      name: "Policy Suite",
      expiryStrategy: "maintain",
      gracePeriodDays: 14,
      clockStartsAt: "first_activation",
    });
    const listed = await call("GET", "/products?kind=software");
    expect(listed.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ id, gracePeriodDays: 14 })]),
    );
  });

  it.each([
    [{ gracePeriodDays: 400 }],
    [{ gracePeriodDays: -1 }],
    [{ gracePeriodDays: 1.5 }],
    [{ expiryStrategy: "forever" }],
    [{ clockStartsAt: "tomorrow" }],
  ])("refuses %j with a 400 in the native envelope, changing nothing", async (bad) => {
    const created = await call("POST", "/products", { kind: "software", name: "Strict", slug: slug() });
    const id = created.body.id as string;
    const refused = await call("PATCH", `/products/${id}`, bad);
    expect(refused.status).toBe(400);
    expect(refused.body.data).toMatchObject({ code: "invalid_input", httpStatus: 400 });
    expect(typeof refused.body.message).toBe("string");
    const onCreate = await call("POST", "/products", { kind: "software", name: "Bad", ...bad });
    expect(onCreate.status).toBe(400);
    expect((await call("GET", `/products/${id}`)).body).toMatchObject({
      expiryStrategy: "restrict",
      gracePeriodDays: 0,
      clockStartsAt: "purchase",
    });
  });

  it("does not show or change another vendor's product", async () => {
    const created = await call("POST", "/products", { kind: "software", name: "Mine", slug: slug() });
    const other = await createOtherVendor(server.testDb.db);
    const id = created.body.id as string;
    expect((await call("GET", `/products/${id}`, undefined, other.headers)).status).toBe(404);
    const patched = await call("PATCH", `/products/${id}`, { gracePeriodDays: 30 }, other.headers);
    expect(patched.status).toBe(404);
    expect((await call("GET", `/products/${id}`)).body).toMatchObject({ gracePeriodDays: 0 });
  });
});

describe("a plan's overrides over REST", () => {
  it("null means the product's; a value overrides it; null again goes back", async () => {
    const product = await call("POST", "/products", {
      kind: "software",
      name: "Planned",
      slug: slug(),
      gracePeriodDays: 5,
    });
    const plan = await call("POST", "/plans", {
      productId: product.body.id,
      name: "Pro",
      prices: [{ billingCycle: "monthly", amount: 999 }],
    });
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ expiryStrategy: null, gracePeriodDays: null, clockStartsAt: null });
    const planId = plan.body.id as string;

    const overridden = await call("PATCH", `/plans/${planId}`, {
      expiryStrategy: "maintain",
      gracePeriodDays: 30,
    });
    expect(overridden.status).toBe(200);
    expect(overridden.body).toMatchObject({
      name: "Pro",
      expiryStrategy: "maintain",
      gracePeriodDays: 30,
      clockStartsAt: null,
    });

    const reset = await call("PATCH", `/plans/${planId}`, { gracePeriodDays: null });
    expect(reset.body).toMatchObject({ expiryStrategy: "maintain", gracePeriodDays: null });
    expect((await call("GET", `/plans/${planId}`)).body).toMatchObject({
      expiryStrategy: "maintain",
      gracePeriodDays: null,
      clockStartsAt: null,
    });

    const created = await call("POST", "/plans", {
      productId: product.body.id,
      name: "Team",
      clockStartsAt: "first_activation",
    });
    expect(created.body).toMatchObject({ clockStartsAt: "first_activation", gracePeriodDays: null });
    const bad = await call("PATCH", `/plans/${planId}`, { gracePeriodDays: 400 });
    expect(bad.status).toBe(400);
    expect(bad.body.data).toMatchObject({ code: "invalid_input" });
  });

  it("lists archived plans only when asked, from the query string", async () => {
    const product = await call("POST", "/products", { kind: "software", name: "Listed", slug: slug() });
    const plan = await call("POST", "/plans", { productId: product.body.id, name: "Old" });
    const planId = plan.body.id as string;
    await call("POST", `/plans/${planId}/archive`, {});
    const ids = async (query: string) =>
      (
        (await call("GET", `/plans?productId=${product.body.id}${query}`)).body as unknown as { id: string }[]
      ).map((p) => p.id);
    expect(await ids("")).toEqual([]);
    expect(await ids("&includeArchived=false")).toEqual([]);
    expect(await ids("&includeArchived=true")).toEqual([planId]);
  });
});

describe("over tRPC, as the console sends them", () => {
  it("edits a plan's overrides and reads the renewals view of its own vendor only", async () => {
    const owner = await signUpBrowser(server.url, { currency: "INR" });
    const product = await owner.mutate<{ id: string }>("catalog.createProduct", {
      kind: "software",
      name: "Console Suite",
      expiryStrategy: "maintain",
    });
    if (!product.ok) throw new Error(JSON.stringify(product));
    const plan = await owner.mutate<{ id: string }>("catalog.createPlan", {
      productId: product.data.id,
      name: "Monthly",
      gracePeriodDays: 3,
    });
    if (!plan.ok) throw new Error(JSON.stringify(plan));
    const edited = await owner.mutate("catalog.updatePlan", {
      planId: plan.data.id,
      expiryStrategy: "restrict",
    });
    expect(edited).toMatchObject({ ok: true, data: { expiryStrategy: "restrict", gracePeriodDays: 3 } });
    const refused = await owner.mutate("catalog.updateProduct", {
      productId: product.data.id,
      gracePeriodDays: 366,
    });
    expect(refused).toMatchObject({ ok: false, status: 400 });

    const created = await owner.mutate<{ id: string }>("dashboard.createLicense", {
      productId: product.data.id,
      expiresAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
    });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const view = await owner.query<{
      dueSoon: { licenseId: string; productName: string }[];
      pastDue: unknown[];
    }>("dashboard.renewals", { days: 30 });
    expect(view).toMatchObject({
      ok: true,
      data: { dueSoon: [{ licenseId: created.data.id, productName: "Console Suite" }], pastDue: [] },
    });
    const bad = await owner.query("dashboard.renewals", { days: 1000 });
    expect(bad).toMatchObject({ ok: false, status: 400 });
  });
});

describe("/openapi.json", () => {
  it("documents the policy fields on products and plans", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties: Record<string, { description?: string }> }> };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/products", "/products/{productId}", "/plans", "/plans/{planId}"]),
    );
    expect(doc.paths["/products/{productId}"]).toHaveProperty("patch");
    const product = doc.components.schemas.Product?.properties ?? {};
    const plan = doc.components.schemas.Plan?.properties ?? {};
    for (const field of ["expiryStrategy", "gracePeriodDays", "clockStartsAt"]) {
      expect(product[field]?.description, `Product.${field}`).toBeTruthy();
      expect(JSON.stringify(plan[field]), `Plan.${field}`).toContain("the product's");
    }
  });
});

import { customers, eq, plans, subscriptions } from "@keyway/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing";

/** The portal's public and customer procedures over real HTTP: storefront, code sign-in, cookie, scoping. */

let server: TestServer;
let production: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
  production = await startTestServer({
    NODE_ENV: "production",
    SECRET_KEY: "x".repeat(48),
    RATE_LIMIT: "off",
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await production?.close();
});

interface Envelope {
  result?: { data: unknown };
  error?: { message: string; code: number; data: { code: string; httpStatus: number } };
}

async function call(base: string, path: string, input?: unknown, cookie?: string, csrf?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (cookie) headers.cookie = cookie;
  if (csrf) headers["x-csrf-token"] = csrf;
  const res =
    input === undefined
      ? await fetch(`${base}/trpc/${path}`, { headers })
      : await fetch(`${base}/trpc/${path}`, { method: "POST", headers, body: JSON.stringify(input) });
  return { res, body: (await res.json()) as Envelope };
}

function dataOf<T>(envelope: Envelope): T {
  if (!envelope.result) throw new Error(`no result: ${JSON.stringify(envelope)}`);
  return envelope.result.data as T;
}

/** Signs in with the code from the dev mailbox: the session cookie and the verify answer. */
async function signIn(base: string, destination: string) {
  await call(base, "customer.requestCode", { vendorSlug: "demo", destination });
  const mailbox = (await (await fetch(`${base}/dev/mailbox?format=json`)).json()) as {
    messages: Array<{ to: string; text: string }>;
  };
  // Newest first.
  const code = mailbox.messages.find((m) => m.to === destination)?.text.match(/\b(\d{6})\b/)?.[1] ?? "";
  const ok = await call(base, "customer.verifyCode", { vendorSlug: "demo", destination, code });
  expect(ok.res.status).toBe(200);
  const cookie = (ok.res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { cookie, answer: dataOf<{ signedIn: true; csrfToken: string }>(ok.body) };
}

describe("storefront and customer sign-in over HTTP", () => {
  it("lists the demo catalog with prices and both plan cycles", async () => {
    const { res, body } = await call(
      server.url,
      `storefront.get?input=${encodeURIComponent(JSON.stringify({ vendorSlug: "demo" }))}`,
    );
    expect(res.status).toBe(200);
    const store = body.result?.data as {
      products: Array<{
        slug: string;
        price: number | null;
        plans: Array<{ prices: Array<{ billingCycle: string }> }>;
      }>;
    };
    expect(store.products.find((p) => p.slug === "trading-analyzer")?.price).toBe(299900);
    const cycles = store.products.flatMap((p) =>
      p.plans.flatMap((pl) => pl.prices.map((x) => x.billingCycle)),
    );
    expect(cycles).toEqual(expect.arrayContaining(["monthly", "yearly"]));
    const unknown = await call(
      server.url,
      `storefront.get?input=${encodeURIComponent(JSON.stringify({ vendorSlug: "nope" }))}`,
    );
    expect(unknown.res.status).toBe(404);
  });

  it("signs in with the code from the dev mailbox: httpOnly Lax cookie; licenses need it", async () => {
    const anonymous = await call(server.url, "customer.licenses");
    expect(anonymous.res.status).toBe(401);

    const bad = await call(server.url, "customer.requestCode", {
      vendorSlug: "demo",
      destination: "not a thing",
    });
    expect(bad.res.status).toBe(400);

    const sent = await call(server.url, "customer.requestCode", {
      vendorSlug: "demo",
      destination: "9460439200",
    });
    expect(sent.res.status).toBe(200);
    const mailbox = (await (await fetch(`${server.url}/dev/mailbox?format=json`)).json()) as {
      messages: Array<{ to: string; text: string }>;
    };
    const code = mailbox.messages.find((m) => m.to === "9460439200")?.text.match(/\b(\d{6})\b/)?.[1] ?? "";
    const wrong = await call(server.url, "customer.verifyCode", {
      vendorSlug: "demo",
      destination: "9460439200",
      code: code === "000000" ? "111111" : "000000",
    });
    expect(wrong.res.status).toBe(401);
    expect(wrong.res.headers.get("set-cookie")).toBeNull();

    const ok = await call(server.url, "customer.verifyCode", {
      vendorSlug: "demo",
      destination: "9460439200",
      code,
    });
    expect(ok.res.status).toBe(200);
    const setCookie = ok.res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^keyway_session=/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    const cookie = setCookie.split(";")[0] ?? "";

    const licenses = await call(server.url, "customer.licenses", undefined, cookie);
    const keys = ((licenses.body.result?.data ?? []) as Array<{ key: string }>).map((l) => l.key);
    expect(keys).toContain("ABCDEF1234567890");

    const { csrfToken } = dataOf<{ csrfToken: string }>(ok.body);
    const out = await call(server.url, "customer.signOut", {}, cookie, csrfToken);
    expect(out.res.status).toBe(200);
    expect((await call(server.url, "customer.licenses", undefined, cookie)).res.status).toBe(401);
  });

  it("refuses customer mutations without the session's CSRF token and changes nothing", async () => {
    // An active subscription of the demo buyer (9460439200, buyer@example.com).
    const db = server.deps.db;
    const [buyer] = await db.select().from(customers).where(eq(customers.phone, "9460439200"));
    const [plan] = await db.select().from(plans).where(eq(plans.vendorId, server.demoVendorId));
    if (!buyer || !plan) throw new Error("demo buyer or plan missing");
    const [bought] = await db
      .insert(subscriptions)
      .values({
        vendorId: server.demoVendorId,
        customerId: buyer.id,
        planId: plan.id,
        billingCycle: "monthly",
        status: "active",
        currentPeriodStart: new Date(),
        currentPeriodEnd: new Date(Date.now() + 30 * 86_400_000),
      })
      .returning();
    if (!bought) throw new Error("subscription insert failed");
    const { cookie, answer } = await signIn(server.url, "9460439200");
    const mine = async () =>
      dataOf<Array<{ id: number; cancelAtPeriodEnd: boolean }>>(
        (await call(server.url, "customer.subscriptions", undefined, cookie)).body,
      ).find((s) => s.id === bought.id);
    expect(await mine()).toMatchObject({ cancelAtPeriodEnd: false });

    const input = { subscriptionId: bought.id };
    for (const csrf of [undefined, "csrf_forged", `${answer.csrfToken ?? "csrf_"}x`]) {
      const refused = await call(server.url, "customer.cancelSubscription", input, cookie, csrf);
      expect(refused.res.status).toBe(403);
      expect(refused.body.error).toMatchObject({
        message: "Missing or wrong CSRF token.",
        data: { code: "forbidden", httpStatus: 403 },
      });
      expect(await mine()).toMatchObject({ cancelAtPeriodEnd: false });
      const out = await call(server.url, "customer.signOut", {}, cookie, csrf);
      expect(out.res.status).toBe(403);
      expect(out.res.headers.get("set-cookie")).toBeNull();
    }
    // The portal learns the token from the sign-in answer, and again from `customer.me` on any page load.
    expect(answer.csrfToken).toMatch(/^csrf_/);
    const me = await call(server.url, "customer.me", undefined, cookie);
    expect(dataOf<{ csrfToken: string }>(me.body).csrfToken).toBe(answer.csrfToken);
    // Another session's token (here the same buyer's, signed in by email) is not this session's.
    const other = await signIn(server.url, "buyer@example.com");
    const crossed = await call(
      server.url,
      "customer.cancelSubscription",
      input,
      cookie,
      other.answer.csrfToken,
    );
    expect(crossed.res.status).toBe(403);
    expect(await mine()).toMatchObject({ cancelAtPeriodEnd: false });

    const cancelled = await call(server.url, "customer.cancelSubscription", input, cookie, answer.csrfToken);
    expect(cancelled.res.status).toBe(200);
    expect(await mine()).toMatchObject({ cancelAtPeriodEnd: true });
    const out = await call(server.url, "customer.signOut", {}, cookie, answer.csrfToken);
    expect(out.res.status).toBe(200);
    expect((await call(server.url, "customer.licenses", undefined, cookie)).res.status).toBe(401);
  });

  it("has no dev mailbox in production", async () => {
    const res = await fetch(`${production.url}/dev/mailbox?format=json`);
    expect(res.status).toBe(404);
  });
});

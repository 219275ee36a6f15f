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

async function call(base: string, path: string, input?: unknown, cookie?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (cookie) headers.cookie = cookie;
  const res =
    input === undefined
      ? await fetch(`${base}/trpc/${path}`, { headers })
      : await fetch(`${base}/trpc/${path}`, { method: "POST", headers, body: JSON.stringify(input) });
  return { res, body: (await res.json()) as { result?: { data: unknown }; error?: { message: string } } };
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

    const out = await call(server.url, "customer.signOut", {}, cookie);
    expect(out.res.status).toBe(200);
    expect((await call(server.url, "customer.licenses", undefined, cookie)).res.status).toBe(401);
  });

  it("has no dev mailbox in production", async () => {
    const res = await fetch(`${production.url}/dev/mailbox?format=json`);
    expect(res.status).toBe(404);
  });
});

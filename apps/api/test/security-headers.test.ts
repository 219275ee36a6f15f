import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing";

/**
 * Every page a browser opens (portal, console, sandbox pay page, API reference) and every API
 * answer carries the security headers; HSTS only in production. The browser suites load each
 * page under this policy and see no violation (apps/portal/test/e2e). The API reference's own,
 * looser policy (Scalar's inline start-up script by hash, inline styles) is openapi-docs.test.ts.
 */

let server: TestServer;
let production: TestServer;
let payPage = "";

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
  production = await startTestServer({
    NODE_ENV: "production",
    SECRET_KEY: "ab".repeat(32),
    SEED_DEMO: "true",
    RATE_LIMIT: "off",
  });
  const res = await fetch(`${server.url}/trpc/checkout.createOrder`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      vendorSlug: "demo",
      item: { kind: "addon", productNumber: 1, serialNo: "B-55501234" },
      returnUrl: "https://vendor.example/thanks",
    }),
  });
  const body = (await res.json()) as { result?: { data: { paymentUrl: string } } };
  payPage = new URL(body.result?.data.paymentUrl ?? "").pathname;
}, 60_000);

afterAll(async () => {
  await server?.close();
  await production?.close();
});

/** The CSP as a map of directive → sources. */
function policy(res: Response): Map<string, string[]> {
  const header = res.headers.get("content-security-policy") ?? "";
  return new Map(
    header
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name = "", ...sources]) => [name, sources]),
  );
}

const pages = () => ({
  "portal storefront": "/",
  "portal client route": "/orders/some-token",
  "console route": "/console/licenses",
  "sandbox pay page": payPage,
  "pay page for an unknown order": "/pay/no-such-token",
});

describe("security headers", () => {
  it("every page forbids framing, sniffing and scripts from anywhere but the server itself", async () => {
    expect(payPage).toMatch(/^\/pay\//);
    for (const [name, path] of Object.entries(pages())) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.headers.get("content-type"), name).toContain("text/html");
      const csp = policy(res);
      expect(csp.get("default-src"), name).toEqual(["'self'"]);
      expect(csp.get("script-src"), name).toEqual(["'self'"]);
      expect(csp.get("object-src"), name).toEqual(["'none'"]);
      expect(csp.get("frame-ancestors"), name).toEqual(["'none'"]);
      expect(res.headers.get("x-frame-options"), name).toBe("DENY");
      expect(res.headers.get("x-content-type-options"), name).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), name).toBe("no-referrer");
      expect(res.headers.get("strict-transport-security"), name).toBeNull();
      // An unread body keeps its connection busy, and the server's close would wait for it.
      await res.arrayBuffer();
    }
  });

  it("serves no inline script, and allows each page's inline style block by its hash only", async () => {
    for (const [name, path] of Object.entries(pages())) {
      const res = await fetch(`${server.url}${path}`);
      const html = await res.text();
      for (const [, attributes] of html.matchAll(/<script\b([^>]*)>/g))
        expect(attributes, `${name}: inline script`).toMatch(/\bsrc=/);
      expect(html, `${name}: style attribute`).not.toMatch(/<[^>]+\sstyle=/);
      const styleSrc = policy(res).get("style-src") ?? [];
      expect(styleSrc, name).not.toContain("'unsafe-inline'");
      for (const [, css = ""] of html.matchAll(/<style>([\s\S]*?)<\/style>/g)) {
        const hash = `'sha256-${createHash("sha256").update(css).digest("base64")}'`;
        expect(styleSrc, `${name}: inline style allowed`).toContain(hash);
      }
    }
  });

  it("API answers carry nosniff and the policy too", async () => {
    for (const path of ["/healthz", "/openapi.json", "/api/v1/no-such-route", "/trpc/storefront.get"]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(policy(res).get("frame-ancestors"), path).toEqual(["'none'"]);
      await res.arrayBuffer();
    }
  });

  it("a production server adds HSTS to pages and API answers", async () => {
    for (const path of ["/", "/console", "/docs", "/healthz"]) {
      const res = await fetch(`${production.url}${path}`);
      expect(res.headers.get("strict-transport-security"), path).toBe("max-age=31536000; includeSubDomains");
      expect(policy(res).get("frame-ancestors"), path).toEqual(["'none'"]);
      await res.arrayBuffer();
    }
  });
});

import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";

/**
 * What arrives before any route runs — the URL, the content type, the body's size and shape — is
 * refused in the envelope of the route it was meant for, with the status its body states; and
 * every answer carries its request id, which is the one the log shows for a server failure.
 */
let server: TestServer;
/** The same app without a built portal: its SPA fallback no longer catches what the API does not. */
let bare: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
  bare = await startTestServer({ RATE_LIMIT: "off", PORTAL_DIR: mkdtempSync(join(tmpdir(), "no-portal-")) });
});
afterAll(async () => {
  await server.close();
  await bare.close();
});

async function call(path: string, init: RequestInit = {}, on = server) {
  const res = await fetch(`${on.url}${path}`, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

const post = (type: string, body: string, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": type, ...headers },
  body,
});
const json = (body: string, headers: Record<string, string> = {}) => post("application/json", body, headers);

/** Native REST: `{ message, code, data: { code, httpStatus } }`, httpStatus = the HTTP status. */
function expectRest(res: Awaited<ReturnType<typeof call>>, status: number, code = "invalid_input") {
  expect(res.status, res.text).toBe(status);
  const body = res.json as { message: unknown; code: unknown; data: { code: string; httpStatus: number } };
  expect(typeof body.message).toBe("string");
  expect(typeof body.code).toBe("string");
  expect(body.data).toMatchObject({ code, httpStatus: status });
}

/** tRPC: `{ error: { message, code: -32xxx, data: { code, httpStatus } } }`, or one per call of a batch. */
function expectTrpc(res: Awaited<ReturnType<typeof call>>, status: number, calls = 0) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const items = calls ? (res.json as unknown[]) : [res.json];
  expect(items).toHaveLength(calls || 1);
  for (const item of items) {
    const error = (item as { error: { message: unknown; code: number; data: { httpStatus: number } } }).error;
    expect(typeof error.message).toBe("string");
    expect(error.code).toBeLessThan(-32000);
    expect(error.data.httpStatus).toBe(status);
  }
}

const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
const orderBody = JSON.stringify({ item: { kind: "addon", productNumber: 1, serialNo: "B-12345678" } });

describe("4c: absurd nesting is refused before any handler", () => {
  it("a 5,000-deep array is a 400 in the route's envelope on /api/v1/orders, /trpc and the dialects", async () => {
    expectRest(await call("/api/v1/orders", json(deep(5000), demoHeaders.bearer)), 400);
    expectRest(await call("/api/v1/licenses/validate", json(deep(5000))), 400);
    expectTrpc(await call("/trpc/checkout.createOrder", json(deep(5000))), 400);
    const biznoq = await call("/api/purchase", json(deep(5000), demoHeaders.biznoq));
    expect(biznoq.status).toBe(400);
    expect(biznoq.json).toMatchObject({ success: false });
    const deepObject = `${'{"a":'.repeat(100)}1${"}".repeat(100)}`;
    const rest = await call("/api/v1/orders", json(deepObject, demoHeaders.bearer));
    expectRest(rest, 400);
    expect((rest.json as { message: string }).message).toMatch(/nest/i);
  });

  it("keeps legitimate nesting, and still refuses __proto__ and constructor.prototype", async () => {
    const nested = await call("/api/v1/orders", json(orderBody, demoHeaders.bearer));
    expect(nested.status, nested.text).toBe(200);
    for (const body of ['{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}']) {
      expectRest(await call("/api/v1/orders", json(body, demoHeaders.bearer)), 400);
      expectTrpc(await call("/trpc/checkout.createOrder", json(body)), 400);
    }
  });
});

describe("5: every failure in the route's own envelope, with the status its body states", () => {
  it("invalid JSON on /api/v1 and /trpc", async () => {
    expectRest(await call("/api/v1/orders", json("{", demoHeaders.bearer)), 400);
    expectTrpc(await call("/trpc/checkout.createOrder", json("{")), 400);
    expectTrpc(await call("/trpc/checkout.createOrder,license.validate?batch=1", json("{")), 400, 2);
  });

  it("413 on /api/v1 and /trpc", async () => {
    const huge = JSON.stringify({ note: "x".repeat(70_000) });
    expectRest(await call("/api/v1/orders", json(huge, demoHeaders.bearer)), 413);
    expectTrpc(await call("/trpc/checkout.createOrder", json(huge)), 413);
  });

  it("415 on /api/v1 and /trpc; text/plain on /api/v1/orders answers 415, as its body says", async () => {
    for (const type of ["application/xml", "text/plain"]) {
      expectRest(await call("/api/v1/orders", post(type, "x", demoHeaders.bearer)), 415);
      expectTrpc(await call("/trpc/checkout.createOrder", post(type, "x")), 415);
    }
    const jf = await call(
      "/api/v1/licenses/purchase/checkout-link",
      post("application/xml", "<a/>", demoHeaders.jframework),
    );
    expect(jf.status).toBe(415);
    expect(jf.json).toMatchObject({ success: false, statusCode: 415, message: "Unsupported content type." });
  });

  it("a POST with no body needs no Content-Type (as the document says); one with a body still does", async () => {
    const created = await call("/api/v1/webhook-endpoints", {
      method: "POST",
      headers: { "content-type": "application/json", ...demoHeaders.bearer },
      body: JSON.stringify({ url: "http://127.0.0.1:9/hooks" }),
    });
    const { id } = created.json as { id: string };
    const rotated = await call(`/api/v1/webhook-endpoints/${id}/rotate-secret`, {
      method: "POST",
      headers: demoHeaders.bearer,
    });
    expect(rotated.status).toBe(200);
    expectRest(
      await call(
        `/api/v1/webhook-endpoints/${id}/rotate-secret`,
        post("application/xml", "<a/>", demoHeaders.bearer),
      ),
      415,
    );
  });

  it("media types are case-insensitive: Application/JSON is JSON on every surface", async () => {
    const res = await call(
      "/api/v1/orders",
      post("Application/JSON; Charset=UTF-8", orderBody, demoHeaders.bearer),
    );
    expect(res.status, res.text).toBe(200);
    const trpc = await call(
      "/trpc/license.validate",
      post("APPLICATION/JSON", JSON.stringify({ key: "NOSUCHKEY0000001" })),
    );
    expectTrpc(trpc, 404);
  });

  it("a request Node cannot parse (a URL past 16 KB) answers in the root envelope", async () => {
    const huge = await call(`/trpc/${"checkout.getOrder,".repeat(1200)}x`);
    expect(huge.status).toBe(431);
    expect(huge.json).toEqual({ code: "invalid_input", message: expect.any(String) });
  });

  // Behind the built portal's SPA fallback or not (a fresh checkout has none): the same answers.
  for (const [label, app] of [
    ["portal built", () => server],
    ["no portal", () => bare],
  ] as const) {
    const on = (path: string, init: RequestInit = {}) => call(path, init, app());
    describe(label, () => {
      it("an undecodable URL answers in the envelope of the surface it names", async () => {
        const biznoq = await on("/api/purchase/status/%zz", { headers: demoHeaders.biznoq });
        expect(biznoq.status).toBe(400);
        expect(biznoq.json).toEqual({ success: false, message: expect.any(String) });
        expectRest(await on("/api/v1/orders/%zz", { headers: demoHeaders.bearer }), 400);
        expectTrpc(await on("/trpc/checkout.getOrder%zz"), 400);
        const pay = await on("/pay/%zz");
        expect(pay.status).toBe(400);
        expect(pay.headers.get("content-type")).toMatch(/^text\/html/);
        // Answered before any hook runs, yet with the security headers: nothing may frame it.
        expect(pay.headers.get("x-frame-options")).toBe("DENY");
        expect(pay.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
        expect(biznoq.headers.get("x-content-type-options")).toBe("nosniff");
        const root = await on("/%zz");
        expect(root.status).toBe(400);
        expect(root.json).toEqual({ code: "invalid_input", message: expect.any(String) });
      });

      it("a pay-page token holding NUL or past its length is a payment link that does not exist", async () => {
        for (const token of ["abcdefgh%00ijkl", "x".repeat(200)]) {
          const page = await on(`/pay/${token}`);
          expect(page.status).toBe(404);
          expect(page.text).toContain("This payment link is not valid.");
          const paid = await on(`/pay/${token}`, post("application/x-www-form-urlencoded", "action=pay"));
          expect(paid.status).toBe(404);
          expect(paid.headers.get("content-type")).toMatch(/^text\/html/);
        }
      });

      it("a realistic tRPC batch works; one past the path limit answers 414 in tRPC's envelope", async () => {
        const input = encodeURIComponent(JSON.stringify({ 0: { token: "nosuchtoken" } }));
        const many = Array.from({ length: 120 }, () => "checkout.getOrder").join(",");
        const fine = await on(`/trpc/${many}?batch=1&input=${input}`);
        expect(fine.status).toBe(207);
        expect(fine.json as unknown[]).toHaveLength(120);
        const tooMany = Array.from({ length: 400 }, () => "checkout.getOrder").join(",");
        expectTrpc(await on(`/trpc/${tooMany}?batch=1&input=${input}`), 414);
      });

      it("unknown paths answer 404 in the envelope of the surface they are under", async () => {
        expectRest(await on("/api/v1/no-such-route"), 404, "not_found");
        expectTrpc(await on("/trpc/a/b"), 404);
        const blenddoit = await on("/api/verify-license.php");
        expect(blenddoit.status).toBe(404);
        expect(blenddoit.json).toMatchObject({ status: "error", data: [] });
        const biznoq = await on("/api/purchase/nope/nope", { headers: demoHeaders.biznoq });
        expect(biznoq.status).toBe(404);
        expect(biznoq.json).toMatchObject({ success: false });
      });
    });
  }
});

describe("6: request ids", () => {
  it("every answer carries x-request-id: a well-formed incoming one, else a fresh one", async () => {
    const given = await call("/healthz", { headers: { "x-request-id": "client-id_1.2-3" } });
    expect(given.headers.get("x-request-id")).toBe("client-id_1.2-3");
    for (const bad of ["has spaces in it", "x".repeat(65), 'quote"d', ""]) {
      const res = await call("/healthz", { headers: { "x-request-id": bad } });
      const id = res.headers.get("x-request-id");
      expect(id).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
      expect(id).not.toBe(bad);
    }
    const a = await call("/api/v1/orders/%zz");
    const b = await call("/trpc/checkout.createOrder", json("{"));
    const c = await call("/api/verify-license.php", post("application/xml", "<a/>"));
    const ids = [a, b, c].map((r) => r.headers.get("x-request-id"));
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
    expect(new Set(ids).size).toBe(3);
  });

  it("every 5xx is logged exactly once, with the id the response carried, and no secret", () => {
    const apiRoot = fileURLToPath(new URL("..", import.meta.url));
    const run = spawnSync(process.execPath, ["--import", "tsx", "test/fixtures/server-errors-run.ts"], {
      cwd: apiRoot,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, NODE_ENV: "test" },
    });
    const line = run.stderr.split("\n").find((l) => l.startsWith("RESULTS "));
    if (!line) throw new Error(`child failed: ${run.stderr.slice(-2000)}`);
    const { results, secrets } = JSON.parse(line.slice(8)) as {
      results: { name: string; status: number; requestId: string | null; body: string; calls?: number }[];
      secrets: string[];
    };
    const errorLines = run.stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => ({ raw: l, entry: JSON.parse(l) as { level: number; reqId?: string } }))
      .filter((l) => l.entry.level >= 50);
    expect(results.map((r) => r.name)).toEqual([
      "rest",
      "rest-hot-path",
      "trpc",
      "trpc-batch",
      "blenddoit",
      "biznoq",
      "jframework",
    ]);
    for (const result of results) {
      expect(result.status, `${result.name}: ${result.body}`).toBeGreaterThanOrEqual(500);
      expect(result.requestId, result.name).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
      // One line per failed call: a batch of two failing procedures logs two, with the one id.
      const lines = errorLines.filter((l) => l.entry.reqId === result.requestId);
      expect(lines, `${result.name} logged once`).toHaveLength(result.calls ?? 1);
      expect(result.body).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/);
    }
    // The client's own well-formed id is the one logged.
    expect(results[0]?.requestId).toBe("rest-request-1");
    // Nothing else at error level, and nothing secret anywhere in the log.
    expect(errorLines).toHaveLength(results.reduce((n, r) => n + (r.calls ?? 1), 0));
    for (const secret of secrets) expect(run.stdout.includes(secret), `leaked ${secret}`).toBe(false);
  });
});

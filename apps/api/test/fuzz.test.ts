import { DEMO } from "@keyway/db/seed";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { bodies, contentTypes, lookalike, text } from "./fuzz-bodies";

/**
 * Issue 13's fuzz: at least 300 generated bodies per public route (NUL and control characters,
 * integers past 2^31 and 2^53, deep nesting, `__proto__`/`constructor` keys, wrong and
 * mixed-case content types, truncated, huge and valid-looking bodies). Whatever arrives: no 5xx,
 * no stack trace or source path in any body, every answer in its route's envelope with the
 * status that envelope states, and on /api/v1 a status the OpenAPI document lists or the REST
 * error envelope. One server, fixed seed, rate limits off (a 429 would mask everything else).
 */
const RUNS = 300;
const SEED = 1313;
const TIMEOUT = 180_000;

let server: TestServer;
let documented: Record<string, Set<number>>;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
  const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  };
  documented = Object.fromEntries(
    Object.entries(doc.paths).map(([path, ops]) => [
      path,
      new Set(Object.values(ops).flatMap((op) => Object.keys(op.responses ?? {}).map(Number))),
    ]),
  );
});
afterAll(async () => {
  await server.close();
});

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** One envelope predicate per surface: is this body that surface's answer, with this status? */
const envelopes = {
  rest(body: unknown, status: number) {
    if (status < 400) return isObject(body);
    return (
      isObject(body) &&
      typeof body.message === "string" &&
      typeof body.code === "string" &&
      isObject(body.data) &&
      typeof body.data.code === "string" &&
      body.data.httpStatus === status
    );
  },
  trpc(body: unknown, status: number) {
    const item = (v: unknown, expected?: number) =>
      isObject(v) &&
      (isObject(v.result)
        ? expected === undefined || expected < 400
        : isObject(v.error) &&
          typeof v.error.message === "string" &&
          typeof v.error.code === "number" &&
          isObject(v.error.data) &&
          typeof v.error.data.code === "string" &&
          (expected === undefined || v.error.data.httpStatus === expected));
    // A batch answers one item per call (207 when they differ); a failure before any call, one.
    if (Array.isArray(body)) return body.every((v) => item(v, status === 207 ? undefined : status));
    return item(body, status);
  },
  jframework(body: unknown, status: number) {
    return (
      isObject(body) &&
      body.success === status < 400 &&
      body.statusCode === status &&
      typeof body.message === "string" &&
      "data" in body &&
      Array.isArray(body.errors)
    );
  },
  biznoq(body: unknown, status: number) {
    return (
      isObject(body) && body.success === status < 400 && (status < 400 || typeof body.message === "string")
    );
  },
  blenddoit(body: unknown, status: number) {
    return (
      isObject(body) &&
      body.status === (status < 400 ? "success" : "error") &&
      typeof body.message === "string" &&
      (isObject(body.data) || Array.isArray(body.data))
    );
  },
};

/** Stack frames and source paths: never in an answer. */
const leak = /\n\s+at\s|\.(?:ts|js|mjs|cjs):\d+|node_modules|\/[\w.-]+\/[\w.-]+\.(?:ts|js|mjs|cjs)\b/;

interface Answer {
  status: number;
  type: string | null;
  text: string;
}

async function send(method: string, path: string, headers: Record<string, string>, body?: string) {
  const res = await fetch(`${server.url}${path}`, { method, headers, body });
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    text: await res.text(),
  } satisfies Answer;
}

/** Asserts one answer; returns its status. */
function check(surface: keyof typeof envelopes, answer: Answer, documentedPath?: string): number {
  const what = `${answer.status} ${answer.text.slice(0, 300)}`;
  expect(answer.status, what).toBeLessThan(500);
  expect(answer.text, what).not.toMatch(leak);
  expect(answer.type, what).toMatch(/^application\/json/);
  const body = JSON.parse(answer.text) as unknown;
  expect(envelopes[surface](body, answer.status), what).toBe(true);
  if (documentedPath && answer.status < 400) {
    expect([...(documented[documentedPath] ?? [])], what).toContain(answer.status);
  }
  return answer.status;
}

const str = (s: string) => JSON.stringify(s);
const item = lookalike({
  kind: [str("addon"), str("subscription"), str("package"), str("renewal")],
  productNumber: ["1", "2"],
  serialNo: [str("B-12345678")],
  planNumber: ["1"],
  billingCycle: [str("monthly"), str("yearly")],
  packageId: [str(DEMO.packageId)],
  subscriptionTypeId: [str(DEMO.subscriptionTypeId)],
  startDate: [str("2026-01-01")],
  endDate: [str("2026-12-31")],
  licenseKey: [str(DEMO.licenses.active)],
});
const verification = {
  key: [str(DEMO.licenses.active), str(DEMO.licenses.expired), str("NOSUCHKEY0000001")],
  domain: [str("example.com"), str("https://www.Example.com/x")],
};
const checkoutOrder = { vendorSlug: [str(DEMO.vendorSlug)], customer: ['{"email":"fuzz@example.com"}'] };

interface Route {
  name: string;
  surface: keyof typeof envelopes;
  path: string;
  headers?: Record<string, string>;
  fields: Record<string, string[]>;
  /** Nested fields, generated like the body itself. */
  nested?: Record<string, fc.Arbitrary<string>>;
  documented?: string;
}

const createOrder: Route = {
  name: "/trpc checkout.createOrder",
  surface: "trpc",
  path: "/trpc/checkout.createOrder",
  fields: { ...checkoutOrder, item: [] },
  nested: { item },
};

const routes: Route[] = [
  {
    name: "Blenddoit POST /api/verify-license.php",
    surface: "blenddoit",
    path: "/api/verify-license.php",
    fields: {
      software_id: ["1", str("1")],
      license_key: [str(DEMO.licenses.active)],
      domain: [str("example.com")],
    },
  },
  {
    name: "Biznoq POST /api/purchase",
    surface: "biznoq",
    path: "/api/purchase",
    headers: demoHeaders.biznoq,
    fields: { addonId: ["1", str("1")], serialNo: [str("B-12345678")], buyerPhone: [str("9460439200")] },
  },
  {
    name: "Biznoq POST /api/plans/subscribe",
    surface: "biznoq",
    path: "/api/plans/subscribe",
    headers: demoHeaders.biznoq,
    fields: {
      planId: ["1"],
      serialNo: [str("example.com"), str("B-12345678")],
      buyerPhone: [str("9460439200")],
      billingCycle: [str("monthly"), str("yearly")],
    },
  },
  {
    name: "JFramework POST /api/v1/licenses/purchase/checkout-link",
    surface: "jframework",
    path: "/api/v1/licenses/purchase/checkout-link",
    headers: demoHeaders.jframework,
    fields: {
      packageId: [str(DEMO.packageId)],
      subscriptionTypeId: [str(DEMO.subscriptionTypeId)],
      startDate: [str("2026-01-01")],
      endDate: [str("2026-12-31")],
      testMode: ["true"],
      quantity: ["1", "2"],
      returnURL: [str("https://example.com/ok")],
    },
  },
  ...(["validate", "activate", "deactivate"] as const).map((name) => ({
    name: `native POST /api/v1/licenses/${name}`,
    surface: "rest" as const,
    path: `/api/v1/licenses/${name}`,
    fields: verification,
    documented: `/licenses/${name}`,
  })),
  {
    name: "native POST /api/v1/orders",
    surface: "rest",
    path: "/api/v1/orders",
    headers: demoHeaders.bearer,
    fields: {
      item: [],
      customer: ['{"email":"fuzz@example.com"}'],
      testMode: ["true"],
      gateway: [str("sandbox")],
    },
    nested: { item },
    documented: "/orders",
  },
  createOrder,
  { name: "/trpc license.validate", surface: "trpc", path: "/trpc/license.validate", fields: verification },
];

/** Field values: the plausible ones, or (for nested objects) generated ones of their own. */
function bodiesOf(route: Route) {
  if (!route.nested) return bodies(route.fields);
  return fc
    .record(
      Object.fromEntries(
        Object.entries(route.nested).map(([k, arb]) => [k, fc.array(arb, { minLength: 3, maxLength: 3 })]),
      ),
    )
    .chain((values) => bodies({ ...route.fields, ...values }));
}

/** encodeURIComponent, except that a lone surrogate goes as the bytes a sloppy client would send. */
function uriComponent(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return "%ED%A0%80";
  }
}

/** The property RUNS times, fixed seed; some valid-looking bodies must get through (a 2xx). */
async function fuzz<T>(values: fc.Arbitrary<T>, answer: (value: T) => Promise<number>) {
  const statuses = new Set<number>();
  await fc.assert(
    fc.asyncProperty(values, async (value) => {
      statuses.add(await answer(value));
    }),
    { numRuns: RUNS, seed: SEED },
  );
  expect(
    [...statuses].some((s) => s < 300),
    `statuses seen: ${[...statuses].join(", ")}`,
  ).toBe(true);
}

describe("fuzz: no input breaks a public route or leaves its envelope", () => {
  for (const route of routes) {
    it(route.name, { timeout: TIMEOUT }, async () => {
      await fuzz(fc.tuple(contentTypes, bodiesOf(route)), async ([type, body]) => {
        const headers = { ...(type ? { "content-type": type } : {}), ...route.headers };
        return check(route.surface, await send("POST", route.path, headers, body), route.documented);
      });
    });
  }

  it("/trpc batch checkout.createOrder,license.validate", { timeout: TIMEOUT }, async () => {
    const calls = fc.tuple(bodiesOf(createOrder), bodies(verification));
    const batch = fc.oneof(
      { arbitrary: calls.map(([a, b]) => `{"0":${a},"1":${b}}`), weight: 3 },
      { arbitrary: bodies({ 0: ["{}"], 1: ["{}"] }), weight: 1 },
    );
    await fuzz(fc.tuple(contentTypes, batch), async ([type, body]) => {
      const headers: Record<string, string> = type ? { "content-type": type } : {};
      const path = "/trpc/checkout.createOrder,license.validate?batch=1";
      return check("trpc", await send("POST", path, headers, body));
    });
  });

  it("Biznoq GET /api/purchase/status/:licenseKey", { timeout: TIMEOUT }, async () => {
    const key = fc.oneof(
      fc.constantFrom(...Object.values(DEMO.licenses)).map(encodeURIComponent),
      text.map(uriComponent),
      fc.constantFrom("%zz", "%00", "%E0%A4%A", "a%2Fb", "..%2F..", "K".repeat(6000), "%".repeat(3)),
    );
    await fuzz(key, async (k) =>
      check("biznoq", await send("GET", `/api/purchase/status/${k}`, { ...demoHeaders.biznoq })),
    );
  });
});

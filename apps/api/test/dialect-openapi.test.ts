import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jframeworkSecuritySchemes } from "../src/dialects/jframework/openapi";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { createWireValidator } from "./wire/validator";

/** Seeds 000 (Biznoq) and 001 (JFramework), their examples copied here by hand, as printed. */
const seed000 = {
  purchase: {
    request: { addonId: 1, serialNo: "B-12345678", buyerPhone: "9460439200" },
    response: {
      success: true,
      paymentUrl: "https://merchant.upigateway.com/order/checkout/payment_token_value",
      licenseKey: "GA-ABCD-EFGH-IJKL",
    },
  },
  subscribe: {
    request: { planId: 2, serialNo: "B-87654321", buyerPhone: "9876543210", billingCycle: "yearly" },
    response: {
      success: true,
      paymentUrl: "https://merchant.upigateway.com/order/checkout/subscription_token_value",
      subscriptionId: 42,
    },
  },
  status: {
    response: {
      success: true,
      license: {
        licenseKey: "GA-X3R9-K9L2-M4P1",
        addonName: "Smart Item Trading Analyzer",
        addonVersion: "1.0.0",
        serialNo: "B-12345678",
        status: "verified",
        activatedAt: "2026-05-29 18:47:32",
        expiresAt: "2027-05-29",
      },
    },
  },
};
const seed001 = {
  request: {
    returnURL: "https://example.com",
    cancelURL: "https://example.com",
    packageId: "Plakdiooh209sz",
    subscriptionTypeId: "Plakdiooh209sz",
    startDate: "2025-01-01",
    endDate: "2025-02-01",
    testMode: true,
    quantity: 1,
  },
  response: {
    success: true,
    statusCode: 200,
    message: "The request was successful.",
    data: "https://checkout.paypal.com/v2/checkout/orders/09H88704RC448263N",
    errors: [],
  },
};

interface Media {
  schema?: unknown;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}
interface Operation {
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; example?: unknown; schema?: { example?: unknown } }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
}
interface Document {
  servers: { url: string }[];
  paths: Record<string, { servers?: { url: string }[] } & Record<string, Operation | undefined>>;
  components: {
    schemas?: Record<string, unknown>;
    securitySchemes?: Record<string, { type: string; in?: string; name?: string }>;
  };
}

/** The dialect operations: [path key, method]. */
const dialectRoutes = [
  ["/api/purchase", "post"],
  ["/api/plans/subscribe", "post"],
  ["/api/purchase/status/{licenseKey}", "get"],
  ["/licenses/purchase/checkout-link", "post"],
  ["/licenses/check", "get"],
] as const;

let server: TestServer;
let document: Document;
let validator: ReturnType<typeof createWireValidator>;
beforeAll(async () => {
  server = await startTestServer();
  document = (await (await fetch(`${server.url}/openapi.json`)).json()) as Document;
  validator = createWireValidator(document);
});
afterAll(async () => {
  await server.close();
});

const operation = (path: string, method: string): Operation => {
  const found = document.paths[path]?.[method];
  if (!found || !("responses" in found)) throw new Error(`${method} ${path} is not in the document`);
  return found as Operation;
};
const seedExample = (media: Media | undefined) => media?.examples?.seed?.value;
const json = (response: { content?: Record<string, Media> } | undefined) =>
  response?.content?.["application/json"];

/**
 * The URL a client reading the document calls: the path's own server (else the document's), with
 * the document's origin swapped for the test server's (the document was built before the port
 * was known).
 */
function urlOf(path: string, concrete = path): string {
  const base = new URL(document.paths[path]?.servers?.[0]?.url ?? document.servers[0]?.url ?? "");
  return `${server.url}${base.pathname.replace(/\/$/, "")}${concrete}`;
}

/** Sends a request and checks its answer against the document: documented status, body to schema. */
async function call(
  path: string,
  init: { method: string; body?: string; headers?: Record<string, string>; concrete?: string },
) {
  const url = urlOf(path, init.concrete);
  const res = await fetch(url, { method: init.method, headers: init.headers, body: init.body });
  const text = await res.text();
  const violation = validator.check({
    method: init.method,
    url: new URL(url).pathname + new URL(url).search,
    status: res.status,
    contentType: res.headers.get("content-type") ?? undefined,
    body: text,
  });
  expect(validator.covers(new URL(url).pathname)).toBe(true);
  expect(violation).toBeNull();
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown>, headers: res.headers };
}

const jsonHeaders = (credential: Record<string, string>, extra: Record<string, string> = {}) => ({
  "content-type": "application/json",
  ...credential,
  ...extra,
});

describe("/openapi.json: the dialect routes", () => {
  it("lists the four seed routes and JFramework's check, each with its own server and credential", () => {
    for (const [path, method] of dialectRoutes)
      expect(operation(path, method).responses["200"]).toBeDefined();
    const publicUrl = document.servers[0]?.url.replace(/\/api\/v1$/, "");
    for (const path of ["/api/purchase", "/api/plans/subscribe", "/api/purchase/status/{licenseKey}"]) {
      expect(document.paths[path]?.servers).toEqual([expect.objectContaining({ url: publicUrl })]);
    }
    // JFramework lives under /api/v1 like the native API: keyed relative to the document's server.
    expect(document.servers[0]?.url).toMatch(/\/api\/v1$/);
    expect(document.paths["/licenses/purchase/checkout-link"]?.servers).toBeUndefined();

    for (const [path, method] of dialectRoutes.slice(0, 3)) {
      expect(operation(path, method).security).toEqual([{ apiKey: [], apiSecret: [] }]);
    }
    for (const [path, method] of dialectRoutes.slice(3)) {
      expect(operation(path, method).security).toEqual([{ jframeworkBrand: [], jframeworkAuthKey: [] }]);
    }
    const schemes = document.components.securitySchemes ?? {};
    expect(schemes.apiKey).toMatchObject({ type: "apiKey", in: "header", name: "x-api-key" });
    expect(schemes.apiSecret).toMatchObject({ type: "apiKey", in: "header", name: "x-api-secret" });
    expect(schemes).toMatchObject(jframeworkSecuritySchemes);
  });

  it("shows the seeds' own examples, verbatim", () => {
    const purchase = operation("/api/purchase", "post");
    expect(seedExample(json(purchase.requestBody))).toEqual(seed000.purchase.request);
    expect(seedExample(json(purchase.responses["200"]))).toEqual(seed000.purchase.response);
    const subscribe = operation("/api/plans/subscribe", "post");
    expect(seedExample(json(subscribe.requestBody))).toEqual(seed000.subscribe.request);
    expect(seedExample(json(subscribe.responses["200"]))).toEqual(seed000.subscribe.response);
    const status = operation("/api/purchase/status/{licenseKey}", "get");
    expect(seedExample(json(status.responses["200"]))).toEqual(seed000.status.response);
    expect(status.parameters?.find((p) => p.name === "licenseKey")?.schema?.example).toBe(
      "GA-X3R9-K9L2-M4P1",
    );
    const checkout = operation("/licenses/purchase/checkout-link", "post");
    expect(seedExample(json(checkout.requestBody))).toEqual(seed001.request);
    expect(seedExample(json(checkout.responses["200"]))).toEqual(seed001.response);
  });

  it("has every example of a dialect route fit its own schema", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    let checked = 0;
    for (const [path, method] of dialectRoutes) {
      const op = operation(path, method);
      const media = [json(op.requestBody), ...Object.values(op.responses).map(json)];
      for (const m of media) {
        if (!m?.schema) continue;
        const validate = ajv.compile({ ...(m.schema as object), components: document.components });
        const examples = [m.example, ...Object.values(m.examples ?? {}).map((e) => e.value)];
        for (const example of examples.filter((e) => e !== undefined)) {
          expect(validate(example), `${method} ${path}: ${ajv.errorsText(validate.errors)}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(dialectRoutes.length * 4);
  });
});

describe("the seeds' examples against the live server", () => {
  it("Biznoq purchase and subscribe: the documented request gets the documented 200", async () => {
    for (const path of ["/api/purchase", "/api/plans/subscribe"]) {
      const example = seedExample(json(operation(path, "post").requestBody));
      const res = await call(path, {
        method: "POST",
        headers: jsonHeaders(demoHeaders.biznoq),
        body: JSON.stringify(example),
      });
      expect(res.status).toBe(200);
      expect(res.body.success).toBe(true);
    }
  });

  it("Biznoq status: the seed's key answers the seed's example itself", async () => {
    const path = "/api/purchase/status/{licenseKey}";
    const key = operation(path, "get").parameters?.find((p) => p.name === "licenseKey")?.schema?.example;
    const res = await call(path, {
      method: "GET",
      headers: demoHeaders.biznoq,
      concrete: `/api/purchase/status/${key}`,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(seed000.status.response);
  });

  it("JFramework checkout link: the documented request, at the URL the document gives, gets a link", async () => {
    const path = "/licenses/purchase/checkout-link";
    const example = seedExample(json(operation(path, "post").requestBody));
    expect(urlOf(path)).toBe(`${server.url}/api/v1/licenses/purchase/checkout-link`);
    const res = await call(path, {
      method: "POST",
      headers: jsonHeaders(demoHeaders.jframework),
      body: JSON.stringify(example),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, message: "The request was successful.", errors: [] });
  });

  it("JFramework check: a usable license reads true", async () => {
    const res = await call("/licenses/check", {
      method: "GET",
      headers: demoHeaders.jframework,
      concrete: "/licenses/check?licenseCode=ABCDEF1234567890",
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toBe(true);
  });
});

describe("the dialects' failures, as documented", () => {
  const [P, S, ST, C, K] = dialectRoutes.map(([path]) => path) as [string, string, string, string, string];
  const big = { padding: "x".repeat(70 * 1024) };
  const post =
    (credential: Record<string, string>) =>
    (body: unknown, extra: Record<string, string> = {}) => ({
      method: "POST",
      headers: jsonHeaders(credential, extra),
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const get = (concrete: string, headers: Record<string, string> = {}) => ({
    method: "GET",
    headers,
    concrete,
  });
  const [anonymous, biznoq, jframework] = [post({}), post(demoHeaders.biznoq), post(demoHeaders.jframework)];
  const xml = { "content-type": "application/xml" };
  const { purchase, subscribe } = {
    purchase: seed000.purchase.request,
    subscribe: seed000.subscribe.request,
  };
  const checkout = seed001.request;
  const cases: [name: string, path: string, init: Parameters<typeof call>[1], status: number][] = [
    ["purchase: no credential", P, anonymous(purchase), 401],
    ["purchase: wrong secret", P, biznoq(purchase, { "x-api-secret": "wrong" }), 401],
    ["purchase: bad phone", P, biznoq({ ...purchase, buyerPhone: "12" }), 400],
    ["purchase: not JSON", P, biznoq("{"), 400],
    ["purchase: unknown add-on", P, biznoq({ ...purchase, addonId: 999 }), 404],
    ["purchase: too large", P, biznoq(big), 413],
    ["purchase: XML", P, biznoq("<a/>", xml), 415],
    ["subscribe: weekly", S, biznoq({ ...subscribe, billingCycle: "weekly" }), 400],
    ["subscribe: unknown plan", S, biznoq({ ...subscribe, planId: 999 }), 404],
    ["status: no credential", ST, get("/api/purchase/status/GA-X3R9-K9L2-M4P1"), 401],
    ["status: malformed key", ST, get("/api/purchase/status/no!", demoHeaders.biznoq), 400],
    ["status: unknown key", ST, get("/api/purchase/status/GA-ZZZZ-ZZZZ-ZZZZ", demoHeaders.biznoq), 404],
    ["checkout: no credential", C, anonymous(checkout), 401],
    ["checkout: missing package", C, jframework({ ...checkout, packageId: undefined }), 400],
    ["checkout: ends before it starts", C, jframework({ ...checkout, endDate: "2024-01-01" }), 400],
    ["checkout: unknown package", C, jframework({ ...checkout, packageId: "nope" }), 404],
    ["checkout: too large", C, jframework(big), 413],
    ["checkout: XML", C, jframework("<a/>", xml), 415],
    ["check: no credential", K, get("/licenses/check?licenseCode=ABCDEF1234567890"), 401],
    ["check: no code", K, get("/licenses/check", demoHeaders.jframework), 400],
    ["check: unknown code", K, get("/licenses/check?licenseCode=NOPE0000", demoHeaders.jframework), 404],
  ];

  it.each(cases)("%s: the documented status and body", async (_name, path, init, status) => {
    const res = await call(path, init);
    expect(res.status).toBe(status);
    expect(res.body.success).toBe(false);
  });

  it("an Idempotency-Key reused with another body is the documented 409, on both dialects", async () => {
    const key = { "idempotency-key": "dialect-doc-reused" };
    expect((await call(P, biznoq(purchase, key))).status).toBe(200);
    expect((await call(P, biznoq({ ...purchase, serialNo: "B-11111111" }, key))).status).toBe(409);
    expect((await call(C, jframework(checkout, key))).status).toBe(200);
    expect((await call(C, jframework({ ...checkout, quantity: 2 }, key))).status).toBe(409);
  });
});

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";

/**
 * Property: whatever arrives at a public verification route — missing fields, wrong types,
 * oversized bodies, bad JSON, bad form encoding, unknown content types, SQL-looking strings,
 * 10 KB keys — the answer is the surface's documented envelope with a 4xx (or a normal answer),
 * never a 500 and never a stack trace.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
});
afterAll(async () => {
  await server.close();
});

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "' OR 1=1 --",
    "1; DROP TABLE licenses;--",
    "ABCDEF1234567890' UNION SELECT * FROM api_credentials --",
    "K".repeat(10_240),
    "\u0000",
    "%00",
    "例え.テスト",
    "http://[::1]/",
    "ABCDEF1234567890",
    "example.com",
    "1",
  ),
);
const scalar = fc.oneof(nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const anyValue = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 3 }),
);

const contentTypes = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "application/x-www-form-urlencoded",
  "text/plain",
  "application/xml",
  "multipart/form-data; boundary=xyz",
  "application/octet-stream",
  "",
);

function requestBody(fields: string[]) {
  return fc.oneof(
    // A JSON object with some of the fields, of any type.
    fc
      .record(Object.fromEntries(fields.map((f) => [f, anyValue])), { requiredKeys: [] })
      .map((o) => JSON.stringify(o)),
    // Form encoding, well-formed or not.
    fc
      .record(Object.fromEntries(fields.map((f) => [f, nasty])), { requiredKeys: [] })
      .map((o) => new URLSearchParams(o as Record<string, string>).toString()),
    fc.string({ maxLength: 200 }),
    fc.constantFrom("{", '{"key":', "%E0%A4%A", "a=%ZZ&&==", "[]", "null", '"str"', "A".repeat(70_000)),
  );
}

async function send(path: string, contentType: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { ...(contentType ? { "content-type": contentType } : {}), ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, text };
}

function noStack(text: string) {
  expect(text).not.toMatch(/\bat .*\.(ts|js|mjs):\d+/);
  expect(text).not.toMatch(/"stack"/);
}

describe("bad input never breaks a verification route", () => {
  it("Blenddoit POST /api/verify-license.php", async () => {
    await fc.assert(
      fc.asyncProperty(
        contentTypes,
        requestBody(["software_id", "license_key", "domain"]),
        async (type, body) => {
          const res = await send("/api/verify-license.php", type, body);
          expect(res.status).toBeLessThan(500);
          noStack(res.text);
          const json = JSON.parse(res.text) as { status: string; message: string; data: unknown };
          expect(["success", "error"]).toContain(json.status);
          expect(typeof json.message).toBe("string");
          expect(json.data).toBeDefined();
          if (json.status === "error") expect(res.status).toBeGreaterThanOrEqual(400);
        },
      ),
      { numRuns: 50 },
    );
  });

  for (const route of ["validate", "activate", "deactivate"]) {
    it(`native POST /api/v1/licenses/${route}`, async () => {
      await fc.assert(
        fc.asyncProperty(
          contentTypes,
          requestBody(["key", "domain", "serial", "fingerprint", "certificate"]),
          async (type, body) => {
            const res = await send(`/api/v1/licenses/${route}`, type, body);
            expect(res.status).toBeLessThan(500);
            noStack(res.text);
            const json = JSON.parse(res.text) as {
              message?: string;
              data?: { code?: string };
              valid?: boolean;
              released?: boolean;
            };
            if (res.status >= 400) {
              expect(typeof json.message).toBe("string");
              expect(typeof json.data?.code).toBe("string");
            }
          },
        ),
        { numRuns: 50 },
      );
    });
  }

  it("Biznoq GET /api/purchase/status/:licenseKey", async () => {
    await fc.assert(
      fc.asyncProperty(nasty, async (key) => {
        const res = await fetch(`${server.url}/api/purchase/status/${encodeURIComponent(key)}`, {
          headers: demoHeaders.biznoq,
        });
        const text = await res.text();
        expect(res.status).toBeLessThan(500);
        noStack(text);
        const json = JSON.parse(text) as { success: boolean; message?: string };
        expect(typeof json.success).toBe("boolean");
        if (!json.success) expect(typeof json.message).toBe("string");
      }),
      { numRuns: 50 },
    );
  });
});

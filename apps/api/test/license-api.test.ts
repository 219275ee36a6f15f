import { DEMO } from "@keyway/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { createOtherVendor } from "./helpers-license";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
});
afterAll(async () => {
  await server.close();
});

type Json = Record<string, unknown> & { data?: { code?: string; httpStatus?: number } };

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
  return { status: res.status, body: JSON.parse(text) as Json };
}

const vendor = demoHeaders.bearer;

describe("public verification (the key is the credential)", () => {
  it("validates the demo license for its domain, in any accepted form", async () => {
    const res = await call("POST", "/licenses/validate", {
      key: DEMO.licenses.active,
      domain: "https://www.example.com/x",
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      valid: true,
      license: {
        key: DEMO.licenses.active,
        status: "active",
        product: { name: "Example Product", number: 1 },
      },
      activation: { kind: "domain", value: "example.com" },
      certificate: null,
    });
    expect(res.body).not.toHaveProperty("license.customerId");
  });

  it.each([
    [{ key: DEMO.licenses.expired, domain: "example.org" }, 403, "license_expired"],
    [{ key: DEMO.licenses.suspended }, 403, "license_suspended"],
    [{ key: DEMO.licenses.active, domain: "other.com" }, 403, "binding_mismatch"],
    [{ key: "NOSUCHKEY0000000" }, 404, "license_not_found"],
    [{ key: "not a key" }, 400, "invalid_key_format"],
    [{ key: DEMO.licenses.active, domain: "a.com", serial: "1234" }, 400, "invalid_input"],
    [{}, 400, "invalid_input"],
  ])("error case %#: documented status and domain code", async (body, status, code) => {
    const res = await call("POST", "/licenses/validate", body);
    expect(res.status).toBe(status);
    expect(res.body.data).toMatchObject({ code, httpStatus: status });
    expect(typeof res.body.message).toBe("string");
  });

  it("activates seats up to the limit and frees one on deactivation, over REST and tRPC alike", async () => {
    const { issueLicense } = await import("@keyway/core");
    const { products, eq } = await import("@keyway/db");
    const db = server.testDb.db;
    const [pkg] = await db.select().from(products).where(eq(products.slug, "team-licenses"));
    if (!pkg) throw new Error("package product");
    const license = await db.transaction((tx) =>
      issueLicense(tx, { vendorId: server.demoVendorId, productId: pkg.id, status: "active", maxSeats: 2 }),
    );
    const fp = (n: number) => ({ key: license.key, fingerprint: `machine-${n}-abcdef` });
    expect((await call("POST", "/licenses/activate", fp(1))).status).toBe(200);
    expect((await call("POST", "/licenses/activate", fp(2))).status).toBe(200);
    const full = await call("POST", "/licenses/activate", fp(3));
    expect(full.status).toBe(409);
    expect(full.body.data?.code).toBe("seat_limit_reached");
    const released = await call("POST", "/licenses/deactivate", fp(1));
    expect(released.body).toMatchObject({ released: true, license: { seatsUsed: 1 } });
    // The typed API at /trpc runs the same procedure.
    const trpc = await fetch(`${server.url}/trpc/license.activate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(fp(3)),
    });
    expect(trpc.status).toBe(200);
    expect(
      ((await trpc.json()) as { result: { data: { license: { seatsUsed: number } } } }).result.data.license
        .seatsUsed,
    ).toBe(2);
  });

  it("returns a certificate signed by the key served at the vendor's signing-key URL", async () => {
    const { createPublicKey, verify } = await import("node:crypto");
    const res = await call("POST", "/licenses/validate", {
      key: DEMO.licenses.active,
      domain: "example.com",
      certificate: true,
    });
    const certificate = res.body.certificate as string;
    expect(certificate).toMatch(/^kwc1\.[\w-]+\.[\w-]+$/);
    const key = await call("GET", "/vendors/demo/signing-key");
    expect(key.body).toMatchObject({ vendor: "demo", algorithm: "Ed25519", format: "kwc1" });
    const publicKey = createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: key.body.publicKey as string },
      format: "jwk",
    });
    const [prefix, payload, sig] = certificate.split(".");
    expect(
      verify(null, Buffer.from(`${prefix}.${payload}`), publicKey, Buffer.from(sig ?? "", "base64url")),
    ).toBe(true);
    expect((await call("GET", "/vendors/nobody/signing-key")).status).toBe(404);
  });
});

/** A license of the demo's software of this test's own (the seed's stay as the other tests expect). */
async function ownLicense(): Promise<{ id: string; key: string }> {
  const { issueLicense } = await import("@keyway/core");
  const { products, eq } = await import("@keyway/db");
  const db = server.testDb.db;
  const [software] = await db.select().from(products).where(eq(products.slug, "example-product"));
  if (!software) throw new Error("software product");
  return db.transaction((tx) =>
    issueLicense(tx, {
      vendorId: server.demoVendorId,
      productId: software.id,
      status: "active",
      expiresAt: new Date(Date.now() + 30 * 86_400_000),
      binding: { value: "example.com" },
    }),
  );
}

describe("vendor license routes", () => {
  let licenseId: string;
  beforeAll(async () => {
    const list = await call("GET", `/licenses?key=${DEMO.licenses.active}`, undefined, vendor);
    const first = (list.body.items as { id: string }[])[0];
    if (!first) throw new Error("demo license not listed");
    licenseId = first.id;
  });

  it("requires a vendor credential: none, wrong or another vendor's → 401 / 404", async () => {
    expect((await call("GET", "/licenses")).status).toBe(401);
    expect((await call("GET", "/licenses", undefined, { authorization: "Bearer nope" })).status).toBe(401);
    expect((await call("GET", `/licenses/${licenseId}`, undefined, demoHeaders.biznoq)).status).toBe(200);
    const other = await createOtherVendor(server.testDb.db);
    for (const [method, path] of [
      ["GET", `/licenses/${licenseId}`],
      ["POST", `/licenses/${licenseId}/suspend`],
      ["POST", `/licenses/${licenseId}/revoke`],
      ["POST", `/licenses/${licenseId}/renew`],
      ["GET", `/licenses/${licenseId}/events`],
    ] as const) {
      const res = await call(method, path, method === "POST" ? {} : undefined, other.headers);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const theirs = await call("GET", "/licenses", undefined, other.headers);
    expect(theirs.body.items).toEqual([]);
  });

  it("suspends, reinstates, renews, extends and shows the audit timeline", async () => {
    const { id: licenseId, key } = await ownLicense();
    const suspended = await call("POST", `/licenses/${licenseId}/suspend`, { reason: "test" }, vendor);
    expect(suspended.body.status).toBe("suspended");
    const refused = await call("POST", "/licenses/validate", { key, domain: "example.com" });
    expect(refused.body.data?.code).toBe("license_suspended");
    expect((await call("POST", `/licenses/${licenseId}/reinstate`, {}, vendor)).body.status).toBe("active");
    const before = (await call("GET", `/licenses/${licenseId}`, undefined, vendor)).body.expiresAt as string;
    const renewed = await call(
      "POST",
      `/licenses/${licenseId}/renew`,
      { durationValue: 2, durationUnit: "day" },
      vendor,
    );
    expect(Date.parse(renewed.body.expiresAt as string) - Date.parse(before)).toBe(2 * 86_400_000);
    const until = new Date(Date.now() + 90 * 86_400_000).toISOString();
    const extended = await call("POST", `/licenses/${licenseId}/extend`, { expiresAt: until }, vendor);
    expect(extended.body.expiresAt).toBe(until);
    const events = await call("GET", `/licenses/${licenseId}/events?limit=10`, undefined, vendor);
    const types = (events.body.items as { type: string }[]).map((e) => e.type);
    expect(types.slice(0, 4)).toEqual([
      "license.extended",
      "license.renewed",
      "license.reinstated",
      "license.suspended",
    ]);
  });

  it("revokes for good", async () => {
    const victim = await ownLicense();
    expect((await call("POST", `/licenses/${victim.id}/revoke`, {}, vendor)).body.status).toBe("revoked");
    const again = await call("POST", `/licenses/${victim.id}/reinstate`, {}, vendor);
    expect(again.status).toBe(403);
    expect(again.body.data?.code).toBe("license_revoked");
  });

  it("describes every license route in /openapi.json", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      "/licenses/validate",
      "/licenses/activate",
      "/licenses/deactivate",
      "/licenses/heartbeat",
      "/licenses/{licenseId}/seats",
      "/licenses",
      "/licenses/{licenseId}",
      "/licenses/{licenseId}/suspend",
      "/licenses/{licenseId}/reinstate",
      "/licenses/{licenseId}/revoke",
      "/licenses/{licenseId}/renew",
      "/licenses/{licenseId}/extend",
      "/licenses/{licenseId}/events",
      "/vendors/{vendorSlug}/signing-key",
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(doc.paths).toHaveProperty(["/api/verify-license.php"]);
  });
});

import { createHash, createPublicKey, verify } from "node:crypto";
import { DEMO } from "@keyway/db/seed";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";

/**
 * Signed verification answers (docs/signatures.md §2) as a customer's software sees them: real
 * HTTP answers checked with node's crypto.verify against the vendor's published key list, by a
 * verifier written here from the text alone (@keyway/client's verifyAnswer is tested against the
 * same server in packages/client/test/verify-answer.test.ts).
 */
let server: TestServer;
let host: string;
let keys: KeyList;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
  host = new URL(server.url).host;
  keys = (await (
    await fetch(`${server.url}/api/v1/vendors/${DEMO.vendorSlug}/signing-keys`)
  ).json()) as KeyList;
});
afterAll(async () => {
  await server.close();
});

interface Answer {
  status: number;
  body: string;
  headers: Headers;
  method: string;
  path: string;
  nonce?: string;
}

async function ask(
  method: "GET" | "POST",
  path: string,
  options: {
    json?: unknown;
    form?: Record<string, string>;
    headers?: Record<string, string>;
    nonce?: string;
  } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.nonce !== undefined) headers["x-keyway-nonce"] = options.nonce;
  let body: string | URLSearchParams | undefined;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(options.form);
  }
  const res = await fetch(`${server.url}${path}`, { method, headers, body });
  const answer: Answer = { status: res.status, body: await res.text(), headers: res.headers, method, path };
  if (options.nonce !== undefined) answer.nonce = options.nonce;
  return answer;
}

interface KeyList {
  keys: { kid: string; x: string; status: string }[];
}

/**
 * What the customer's software checks (docs/signatures.md §2, in order): its own request, the
 * answer's headers and bytes, the published keys.
 */
async function check(answer: Answer, change: Partial<Answer> = {}) {
  const a = { ...answer, ...change };
  const header = a.headers.get("keyway-signature");
  if (!header) return { valid: false, reason: "unsigned" };
  const fields = fieldsOf(header);
  const date = a.headers.get("date");
  const digest = a.headers.get("digest");
  if (fields.algorithm !== "ed25519" || fields.headers !== SIGNED || !date || !digest || !fields.signature) {
    return { valid: false, reason: "malformed" };
  }
  const key = keys.keys.find((k) => k.kid === fields.keyid);
  if (!key) return { valid: false, reason: "unknown_key" };
  if (key.status !== "active" && key.status !== "rotated") return { valid: false, reason: "untrusted_key" };
  if (digest !== `sha-256=${sha256(a.body)}`) return { valid: false, reason: "bad_digest" };
  const message = [
    `(request-target): ${a.method.toLowerCase()} ${a.path}`,
    `host: ${host}`,
    `date: ${date}`,
    `digest: ${digest}`,
    `keyway-nonce: ${a.nonce ?? ""}`,
  ].join("\n");
  const publicKey = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: key.x }, format: "jwk" });
  if (!verify(null, Buffer.from(message, "utf8"), publicKey, Buffer.from(fields.signature, "base64"))) {
    return { valid: false, reason: "bad_signature" };
  }
  if (Math.abs(Date.now() - Date.parse(date)) > 300_000) return { valid: false, reason: "stale" };
  return { valid: true, kid: key.kid };
}

const SIGNED = "(request-target) host date digest keyway-nonce";

/** `Keyway-Signature`'s `name="value"` pairs. */
function fieldsOf(header: string): Record<string, string> {
  return Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] ?? "", m[2] ?? ""]));
}

const validate = (nonce: string, key: string = DEMO.licenses.active) =>
  ask("POST", "/api/v1/licenses/validate", { json: { key, domain: "example.com", nonce }, nonce });

describe("native validate with a nonce", () => {
  it("is signed by the vendor's active key: node's crypto.verify accepts it with the published key", async () => {
    const nonce = "5mS0Lr2nQb6V8yKJ0m1p3w";
    const answer = await validate(nonce);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ valid: true });

    const date = answer.headers.get("date") ?? "";
    const digest = answer.headers.get("digest") ?? "";
    expect(date).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(digest).toBe(`sha-256=${sha256(answer.body)}`);
    const fields = fieldsOf(answer.headers.get("keyway-signature") ?? "");
    expect(fields).toMatchObject({ algorithm: "ed25519", headers: SIGNED });

    const published = (await (await fetch(`${server.url}/api/v1/vendors/demo/signing-key`)).json()) as {
      publicKey: string;
    };
    const publicKey = createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: published.publicKey },
      format: "jwk",
    });
    const message = [
      "(request-target): post /api/v1/licenses/validate",
      `host: ${host}`,
      `date: ${date}`,
      `digest: ${digest}`,
      `keyway-nonce: ${nonce}`,
    ].join("\n");
    expect(verify(null, Buffer.from(message), publicKey, Buffer.from(fields.signature ?? "", "base64"))).toBe(
      true,
    );

    const active = keys.keys.find((k) => k.status === "active");
    expect(fields.keyid).toBe(active?.kid);
    expect(await check(answer)).toEqual({ valid: true, kid: active?.kid });
  });

  it("signs an answer without a nonce over an empty nonce line", async () => {
    const answer = await ask("POST", "/api/v1/licenses/validate", { json: { key: DEMO.licenses.active } });
    expect(answer.status).toBe(200);
    expect(await check(answer)).toMatchObject({ valid: true });
    expect(await check(answer, { nonce: "somethingElse" })).toEqual({
      valid: false,
      reason: "bad_signature",
    });
  });

  it("refuses a tampered body, an edited body with its digest, and a replay to another nonce", async () => {
    const answer = await validate("first-nonce_1");
    const edited = answer.body.replace('"valid":true', '"valid":false');
    expect(edited).not.toBe(answer.body);
    expect(await check(answer, { body: edited })).toEqual({ valid: false, reason: "bad_digest" });

    const headers = new Headers(answer.headers);
    headers.set("digest", `sha-256=${sha256(edited)}`);
    expect(await check(answer, { body: edited, headers })).toEqual({ valid: false, reason: "bad_signature" });

    expect(await check(answer, { nonce: "second-nonce_2" })).toEqual({
      valid: false,
      reason: "bad_signature",
    });
    expect(await check(answer, { path: "/api/v1/licenses/activate" })).toEqual({
      valid: false,
      reason: "bad_signature",
    });
  });

  it("signs refusals: a revoked license's 403", async () => {
    const license = await ownLicense();
    const revoked = await fetch(`${server.url}/api/v1/licenses/${license.id}/revoke`, {
      method: "POST",
      headers: { ...demoHeaders.bearer, "content-type": "application/json" },
      body: JSON.stringify({}),
    });
    expect(revoked.status).toBe(200);
    const answer = await validate("revoked-check", license.key);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ data: { code: "license_revoked" } });
    expect(await check(answer)).toMatchObject({ valid: true });
  });

  it("signs activate, heartbeat and deactivate", async () => {
    const license = await ownLicense();
    for (const verb of ["activate", "heartbeat", "deactivate"]) {
      const answer = await ask("POST", `/api/v1/licenses/${verb}`, {
        json: { key: license.key, domain: "example.com" },
        nonce: `n-${verb}`,
      });
      expect(answer.status).toBe(200);
      expect(await check(answer)).toMatchObject({ valid: true });
    }
  });

  it("signs the refusals of activate and heartbeat about the license; a malformed domain names none", async () => {
    const license = await ownLicense();
    const taken = await ask("POST", "/api/v1/licenses/activate", {
      json: { key: license.key, domain: "first.example.com" },
      nonce: "take",
    });
    expect(taken.status).toBe(200);
    const full = await ask("POST", "/api/v1/licenses/activate", {
      json: { key: license.key, domain: "second.example.com" },
      nonce: "full",
    });
    expect(full.status).toBe(409);
    expect(JSON.parse(full.body)).toMatchObject({ data: { code: "seat_limit_reached" } });
    expect(await check(full)).toMatchObject({ valid: true });
    const noSeat = await ask("POST", "/api/v1/licenses/heartbeat", {
      json: { key: license.key, domain: "second.example.com" },
      nonce: "no-seat",
    });
    expect(JSON.parse(noSeat.body)).toMatchObject({ data: { code: "not_activated" } });
    expect(await check(noSeat)).toMatchObject({ valid: true });
    // Refused before the key is looked up (docs/signatures.md §2): no vendor to sign it.
    const malformed = await ask("POST", "/api/v1/licenses/heartbeat", {
      json: { key: license.key, domain: "not a domain" },
      nonce: "malformed",
    });
    expect(malformed.status).toBe(400);
    expect(await check(malformed)).toEqual({ valid: false, reason: "unsigned" });
  });

  it("leaves an answer about a key no vendor owns unsigned", async () => {
    const answer = await validate("unknown-key", "ZZZZZZZZZZZZZZZZ");
    expect(answer.status).toBe(404);
    expect(answer.headers.get("keyway-signature")).toBeNull();
    expect(await check(answer)).toEqual({ valid: false, reason: "unsigned" });
  });
});

describe("dialect answers are signed", () => {
  it("Blenddoit: the seed's example, verified with the header nonce", async () => {
    const answer = await ask("POST", "/api/verify-license.php", {
      form: { software_id: "1", license_key: DEMO.licenses.active, domain: "example.com" },
      nonce: "blenddoit+nonce/1=",
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: "success" });
    expect(await check(answer)).toMatchObject({ valid: true });
  });

  it("Biznoq status, and its 404 for an unknown key (the calling vendor signs)", async () => {
    const ok = await ask("GET", `/api/purchase/status/${DEMO.licenses.active}`, {
      headers: demoHeaders.biznoq,
      nonce: "biznoq-1",
    });
    expect(ok.status).toBe(200);
    expect(await check(ok)).toMatchObject({ valid: true });
    const missing = await ask("GET", "/api/purchase/status/ZZZZZZZZZZZZZZZZ", {
      headers: demoHeaders.biznoq,
    });
    expect(missing.status).toBe(404);
    expect(await check(missing)).toMatchObject({ valid: true });
  });

  it("JFramework check, query string included in the signed target", async () => {
    const answer = await ask("GET", `/api/v1/licenses/check?licenseCode=${DEMO.licenses.active}`, {
      headers: demoHeaders.jframework,
      nonce: "jf~1",
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ success: true, data: true });
    expect(await check(answer)).toMatchObject({ valid: true });
    expect(await check(answer, { path: "/api/v1/licenses/check?licenseCode=OTHER" })).toEqual({
      valid: false,
      reason: "bad_signature",
    });
  });
});

describe("an invalid nonce is a 400 in each surface's envelope", () => {
  const bad = "not a nonce!";

  it("native: a bad header, a bad body field, or the two differing", async () => {
    const cases = [
      { nonce: bad, json: { key: DEMO.licenses.active } },
      { json: { key: DEMO.licenses.active, nonce: "x".repeat(129) } },
      { nonce: "aaa", json: { key: DEMO.licenses.active, nonce: "bbb" } },
    ];
    for (const options of cases) {
      const answer = await ask("POST", "/api/v1/licenses/validate", options);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({
        code: "BAD_REQUEST",
        data: { code: "invalid_nonce", httpStatus: 400 },
      });
    }
  });

  it("Blenddoit, Biznoq and JFramework", async () => {
    const blenddoit = await ask("POST", "/api/verify-license.php", {
      form: { software_id: "1", license_key: DEMO.licenses.active, domain: "example.com" },
      nonce: bad,
    });
    expect(blenddoit.status).toBe(400);
    expect(JSON.parse(blenddoit.body)).toEqual({
      status: "error",
      message: "Invalid nonce (invalid_nonce).",
      data: [],
    });

    const biznoq = await ask("GET", `/api/purchase/status/${DEMO.licenses.active}`, {
      headers: demoHeaders.biznoq,
      nonce: bad,
    });
    expect(biznoq.status).toBe(400);
    expect(JSON.parse(biznoq.body)).toMatchObject({
      success: false,
      message: expect.stringContaining("invalid_nonce"),
    });

    const jframework = await ask("GET", `/api/v1/licenses/check?licenseCode=${DEMO.licenses.active}`, {
      headers: demoHeaders.jframework,
      nonce: bad,
    });
    expect(jframework.status).toBe(400);
    expect(JSON.parse(jframework.body)).toMatchObject({
      success: false,
      statusCode: 400,
      errors: [{ code: "invalid_nonce" }],
    });
  });
});

describe("/openapi.json", () => {
  it("documents the nonce header and the signature headers on every verification route", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string }[]; responses: Record<string, { headers?: object }> }>
      >;
    };
    const operations = [
      doc.paths["/licenses/validate"]?.post,
      doc.paths["/licenses/heartbeat"]?.post,
      doc.paths["/api/verify-license.php"]?.post,
      doc.paths["/api/purchase/status/{licenseKey}"]?.get,
      doc.paths["/licenses/check"]?.get,
    ];
    const validator = new Validator();
    expect((await validator.validate(structuredClone(doc) as never)).errors).toBeUndefined();
    for (const operation of operations) {
      expect(operation?.parameters?.map((p) => p.name)).toContain("X-Keyway-Nonce");
      expect(Object.keys(operation?.responses["200"]?.headers ?? {})).toEqual([
        "Date",
        "Digest",
        "Keyway-Signature",
      ]);
    }
  });
});

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64");
}

/** A license of the demo's software of this test's own (the seed's stay as the other tests expect). */
async function ownLicense(): Promise<{ id: string; key: string }> {
  const { issueLicense } = await import("@keyway/core");
  const { products, eq } = await import("@keyway/db");
  const db = server.testDb.db;
  const [software] = await db.select().from(products).where(eq(products.slug, "example-product"));
  if (!software) throw new Error("software product");
  return db.transaction((tx) =>
    issueLicense(tx, { vendorId: server.demoVendorId, productId: software.id, status: "active" }),
  );
}

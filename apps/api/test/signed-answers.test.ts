import { createPublicKey, verify } from "node:crypto";
import { DEMO } from "@keyway/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { callApi, grantLicense, productWithPolicy } from "./helpers-expiry";
import { fieldsOf, SIGNED, SignedAnswers, sha256 } from "./signed-answers-helpers";

/**
 * Signed verification answers (docs/signatures.md §2) as a customer's software sees them: real
 * HTTP answers checked with node's crypto.verify against the vendor's published key list, by a
 * verifier written here from the text alone (signed-answers-helpers.ts; @keyway/client's
 * verifyAnswer is tested against the same server in packages/client/test/verify-answer.test.ts).
 * The dialects' answers, nonce refusals and the document: signed-answers-dialects.test.ts.
 */
let server: TestServer;
let host: string;
let signed: SignedAnswers;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
  host = new URL(server.url).host;
  signed = await SignedAnswers.of(server);
});
afterAll(async () => {
  await server.close();
});

const validate = (nonce: string, key: string = DEMO.licenses.active) =>
  signed.ask("POST", "/api/v1/licenses/validate", { json: { key, domain: "example.com", nonce }, nonce });

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

    expect(fields.keyid).toBe(signed.activeKid());
    expect(await signed.check(answer)).toEqual({ valid: true, kid: signed.activeKid() });
  });

  it("signs an answer without a nonce over an empty nonce line", async () => {
    const answer = await signed.ask("POST", "/api/v1/licenses/validate", {
      json: { key: DEMO.licenses.active },
    });
    expect(answer.status).toBe(200);
    expect(await signed.check(answer)).toMatchObject({ valid: true });
    expect(await signed.check(answer, { nonce: "somethingElse" })).toEqual({
      valid: false,
      reason: "bad_signature",
    });
  });

  it("digests the UTF-8 bytes sent when the answer is not ASCII", async () => {
    const product = await productWithPolicy(server.testDb.db, server.demoVendorId, {});
    const license = await grantLicense(server.testDb.db, server.demoVendorId, product.id);
    const metadata = { city: "Zürich", price: "₹ 499", note: "日本語" };
    const patched = await callApi(
      server,
      "PATCH",
      `/licenses/${license.id}`,
      { metadata },
      demoHeaders.bearer,
    );
    expect(patched.status).toBe(200);
    const answer = await validate("utf8-nonce", license.key);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ license: { metadata } });
    expect(answer.headers.get("digest")).toBe(`sha-256=${sha256(answer.body)}`);
    expect(await signed.check(answer)).toMatchObject({ valid: true });
  });

  it("refuses a tampered body, an edited body with its digest, and a replay to another nonce", async () => {
    const answer = await validate("first-nonce_1");
    const edited = answer.body.replace('"valid":true', '"valid":false');
    expect(edited).not.toBe(answer.body);
    expect(await signed.check(answer, { body: edited })).toEqual({ valid: false, reason: "bad_digest" });

    const headers = new Headers(answer.headers);
    headers.set("digest", `sha-256=${sha256(edited)}`);
    expect(await signed.check(answer, { body: edited, headers })).toEqual({
      valid: false,
      reason: "bad_signature",
    });

    expect(await signed.check(answer, { nonce: "second-nonce_2" })).toEqual({
      valid: false,
      reason: "bad_signature",
    });
    expect(await signed.check(answer, { path: "/api/v1/licenses/activate" })).toEqual({
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
    expect(await signed.check(answer)).toMatchObject({ valid: true });
  });

  it("signs activate, heartbeat and deactivate", async () => {
    const license = await ownLicense();
    for (const verb of ["activate", "heartbeat", "deactivate"]) {
      const answer = await signed.ask("POST", `/api/v1/licenses/${verb}`, {
        json: { key: license.key, domain: "example.com" },
        nonce: `n-${verb}`,
      });
      expect(answer.status).toBe(200);
      expect(await signed.check(answer)).toMatchObject({ valid: true });
    }
  });

  it("signs the refusals of activate and heartbeat about the license; a malformed domain names none", async () => {
    const license = await ownLicense();
    const taken = await signed.ask("POST", "/api/v1/licenses/activate", {
      json: { key: license.key, domain: "first.example.com" },
      nonce: "take",
    });
    expect(taken.status).toBe(200);
    const full = await signed.ask("POST", "/api/v1/licenses/activate", {
      json: { key: license.key, domain: "second.example.com" },
      nonce: "full",
    });
    expect(full.status).toBe(409);
    expect(JSON.parse(full.body)).toMatchObject({ data: { code: "seat_limit_reached" } });
    expect(await signed.check(full)).toMatchObject({ valid: true });
    const noSeat = await signed.ask("POST", "/api/v1/licenses/heartbeat", {
      json: { key: license.key, domain: "second.example.com" },
      nonce: "no-seat",
    });
    expect(JSON.parse(noSeat.body)).toMatchObject({ data: { code: "not_activated" } });
    expect(await signed.check(noSeat)).toMatchObject({ valid: true });
    // Refused before the key is looked up (docs/signatures.md §2): no vendor to sign it.
    const malformed = await signed.ask("POST", "/api/v1/licenses/heartbeat", {
      json: { key: license.key, domain: "not a domain" },
      nonce: "malformed",
    });
    expect(malformed.status).toBe(400);
    expect(await signed.check(malformed)).toEqual({ valid: false, reason: "unsigned" });
  });

  it("leaves an answer about a key no vendor owns unsigned", async () => {
    const answer = await validate("unknown-key", "ZZZZZZZZZZZZZZZZ");
    expect(answer.status).toBe(404);
    expect(answer.headers.get("keyway-signature")).toBeNull();
    expect(await signed.check(answer)).toEqual({ valid: false, reason: "unsigned" });
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
    issueLicense(tx, { vendorId: server.demoVendorId, productId: software.id, status: "active" }),
  );
}

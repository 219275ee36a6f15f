import { createHash } from "node:crypto";
import { startTestServer, type TestServer } from "@keyway/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SigningKeyList, type VerifyAnswerParams, verifyAnswer } from "../src/index";

let server: TestServer;
let host: string;
let keys: SigningKeyList;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
  host = new URL(server.url).host;
  keys = (await (await fetch(`${server.url}/api/v1/vendors/demo/signing-keys`)).json()) as SigningKeyList;
});
afterAll(async () => {
  await server.close();
});

const path = "/api/v1/licenses/validate";
const nonce = "Zm9vYmFyYmF6cXV4MTIzNA";

/** A real signed answer of the server to a validation with a nonce, as verifyAnswer's input. */
async function answer(): Promise<VerifyAnswerParams & { signed: Record<string, string> }> {
  const res = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-keyway-nonce": nonce },
    body: JSON.stringify({ key: "ABCDEF1234567890", domain: "example.com" }),
  });
  expect(res.status).toBe(200);
  const signed = {
    date: res.headers.get("date") ?? "",
    digest: res.headers.get("digest") ?? "",
    "keyway-signature": res.headers.get("keyway-signature") ?? "",
  };
  const body = new Uint8Array(await res.arrayBuffer());
  return { method: "POST", path, host, nonce, headers: signed, body, keys, signed };
}

const withSignature = (a: { signed: Record<string, string> }, edit: (value: string) => string) => ({
  ...a.signed,
  "keyway-signature": edit(a.signed["keyway-signature"] ?? ""),
});

describe("verifyAnswer", () => {
  it("accepts the server's answer, with the kid of the vendor's active key", async () => {
    const a = await answer();
    const active = keys.keys.find((k) => k.status === "active");
    expect(await verifyAnswer(a)).toEqual({ valid: true, kid: active?.kid });
    // The body as text, and fetch's own Headers, work too.
    const res = await fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key: "ABCDEF1234567890" }),
    });
    const text = await res.text();
    expect(
      await verifyAnswer({ method: "post", path, host, headers: res.headers, body: text, keys }),
    ).toMatchObject({
      valid: true,
    });
  });

  it("unsigned: no Keyway-Signature", async () => {
    const a = await answer();
    expect(await verifyAnswer({ ...a, headers: { date: a.signed.date, digest: a.signed.digest } })).toEqual({
      valid: false,
      reason: "unsigned",
    });
  });

  it("malformed: unparsable, another algorithm or header list, no Date or Digest", async () => {
    const a = await answer();
    const cases = [
      withSignature(a, () => "nonsense"),
      withSignature(a, (v) => v.replace('algorithm="ed25519"', 'algorithm="rsa-sha256"')),
      withSignature(a, (v) => v.replace(' keyway-nonce"', '"')),
      withSignature(a, (v) => v.replace(/signature="[^"]*"/, 'signature="!!"')),
      { ...a.signed, date: null },
      { ...a.signed, digest: null },
    ];
    for (const headers of cases) {
      expect(await verifyAnswer({ ...a, headers })).toEqual({ valid: false, reason: "malformed" });
    }
  });

  it("unknown_key and untrusted_key: a kid not listed, or listed retired or revoked", async () => {
    const a = await answer();
    expect(await verifyAnswer({ ...a, keys: { keys: [] } })).toEqual({ valid: false, reason: "unknown_key" });
    for (const status of ["retired", "revoked"]) {
      const list = { keys: keys.keys.map((k) => ({ ...k, status })) };
      expect(await verifyAnswer({ ...a, keys: list })).toEqual({ valid: false, reason: "untrusted_key" });
    }
    const rotated = { keys: keys.keys.map((k) => ({ ...k, status: "rotated" })) };
    expect(await verifyAnswer({ ...a, keys: rotated })).toMatchObject({ valid: true });
  });

  it("bad_digest: a tampered body", async () => {
    const a = await answer();
    const body = new TextDecoder().decode(a.body as Uint8Array).replace('"valid":true', '"valid":false');
    expect(await verifyAnswer({ ...a, body })).toEqual({ valid: false, reason: "bad_digest" });
  });

  it("bad_signature: body and digest edited together, another nonce, path or host", async () => {
    const a = await answer();
    const body = new TextDecoder().decode(a.body as Uint8Array).replace('"valid":true', '"valid":false');
    const digest = `sha-256=${createHash("sha256").update(body).digest("base64")}`;
    expect(await verifyAnswer({ ...a, body, headers: { ...a.signed, digest } })).toEqual({
      valid: false,
      reason: "bad_signature",
    });
    for (const change of [
      { nonce: "another-nonce" },
      { nonce: null },
      { path: "/api/v1/licenses/activate" },
      { host: "evil.example" },
      { method: "GET" },
    ]) {
      expect(await verifyAnswer({ ...a, ...change })).toEqual({ valid: false, reason: "bad_signature" });
    }
  });

  it("stale: Date more than 300 s (or the configured skew) from now", async () => {
    const a = await answer();
    const signedAt = Date.parse(a.signed.date ?? "");
    const later = new Date(signedAt + 301_000);
    expect(await verifyAnswer({ ...a, now: later })).toEqual({ valid: false, reason: "stale" });
    expect(await verifyAnswer({ ...a, now: new Date(signedAt - 301_000) })).toEqual({
      valid: false,
      reason: "stale",
    });
    expect(await verifyAnswer({ ...a, now: later, maxSkewSeconds: 600 })).toMatchObject({ valid: true });
  });
});

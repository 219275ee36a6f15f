import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { demoHeaders, startTestServer, type TestServer } from "@keyway/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PublishedSigningKey, verifyCertificate, verifyCertificateWithKeys } from "../src/index";

/**
 * `verifyCertificateWithKeys` against a live server's certificates and key list (rotation,
 * retirement, revocation), and against certificates signed here for the cases a server never
 * makes (air-gapped binding and nonce, version 1, broken payloads).
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
});
afterAll(async () => {
  await server.close();
});

type KeyList = { vendor: string; keys: PublishedSigningKey[] };
const owner = { ...demoHeaders.bearer, "content-type": "application/json" };
const LICENSE_KEY = "ABCDEF1234567890";

async function keyList(): Promise<KeyList> {
  return (await (await fetch(`${server.url}/api/v1/vendors/demo/signing-keys`)).json()) as KeyList;
}

async function issued(): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/licenses/validate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key: LICENSE_KEY, domain: "example.com", certificate: true }),
  });
  return ((await res.json()) as { certificate: string }).certificate;
}

async function keyAction(path: string): Promise<KeyList> {
  const res = await fetch(`${server.url}/api/v1/signing-keys/${path}`, {
    method: "POST",
    headers: owner,
    body: "{}",
  });
  expect(res.status).toBe(200);
  return (await res.json()) as KeyList;
}

const factsOf = (cert: string) =>
  JSON.parse(Buffer.from(cert.split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;

describe("verifyCertificateWithKeys, with a live server", () => {
  it("accepts the server's certificate with its key list, and says until when", async () => {
    const cert = await issued();
    const list = await keyList();
    const check = verifyCertificateWithKeys(cert, list);
    expect(check).toMatchObject({
      valid: true,
      expired: false,
      facts: { v: 2, vendor: "demo", key: LICENSE_KEY, binding: { kind: "domain", value: "example.com" } },
    });
    if (!check.valid) throw new Error("refused");
    expect(check.kid).toBe(list.keys.find((k) => k.status === "active")?.kid);
    expect(check.validUntil.getTime()).toBe((factsOf(cert).exp as number) * 1000);
    // The keys array alone works too; and the one-key check still reads v2 certificates.
    expect(verifyCertificateWithKeys(cert, list.keys).valid).toBe(true);
    const x = list.keys.find((k) => k.kid === check.kid)?.x ?? "";
    expect(verifyCertificate(cert, x).valid).toBe(true);
  });

  it("follows the keys' life: rotated still verifies, retired and revoked are untrusted, unlisted unknown", async () => {
    const old = await issued();
    const oldKid = factsOf(old).kid as string;
    const before = await keyList();
    const rotated = await keyAction("rotate");
    expect(verifyCertificateWithKeys(old, rotated)).toMatchObject({ valid: true, kid: oldKid });
    // A copy of the list from before the rotation does not know the new key yet: refresh it.
    const fresh = await issued();
    expect(verifyCertificateWithKeys(fresh, before)).toEqual({ valid: false, reason: "unknown_key" });
    expect(verifyCertificateWithKeys(fresh, rotated).valid).toBe(true);

    const retired = await keyAction(`${oldKid}/retire`);
    expect(verifyCertificateWithKeys(old, retired)).toEqual({ valid: false, reason: "untrusted_key" });

    const freshKid = factsOf(fresh).kid as string;
    const revoked = await keyAction(`${freshKid}/revoke`);
    expect(verifyCertificateWithKeys(fresh, revoked)).toEqual({ valid: false, reason: "untrusted_key" });
    expect(verifyCertificateWithKeys(await issued(), revoked).valid).toBe(true);
  });

  it("refuses a certificate from its exp on, and a tampered one", async () => {
    const cert = await issued();
    const list = await keyList();
    const exp = factsOf(cert).exp as number;
    expect(verifyCertificateWithKeys(cert, list, { now: new Date(exp * 1000 - 1) }).valid).toBe(true);
    expect(verifyCertificateWithKeys(cert, list, { now: new Date(exp * 1000) })).toEqual({
      valid: false,
      reason: "expired",
    });
    expect(verifyCertificate(cert, list.keys[0]?.x ?? "", { now: new Date(exp * 1000) })).toEqual({
      valid: false,
      reason: "expired",
    });
    const [prefix, , sig] = cert.split(".");
    const forged = Buffer.from(JSON.stringify({ ...factsOf(cert), exp: exp + 86_400 * 365 })).toString(
      "base64url",
    );
    expect(verifyCertificateWithKeys(`${prefix}.${forged}.${sig}`, list)).toEqual({
      valid: false,
      reason: "bad_signature",
    });
  });
});

describe("verifyCertificateWithKeys, offline cases", () => {
  const pair = generateKeyPairSync("ed25519");
  const x = pair.publicKey.export({ format: "jwk" }).x ?? "";
  const list = { keys: [{ kid: "k1", x, status: "active" as const }] };
  const now = new Date("2026-11-30T16:00:00.000Z");
  const base = {
    v: 2,
    kid: "k1",
    vendor: "acme",
    key: "ACME-1",
    product: { number: 1, kind: "software", name: "Acme Pro" },
    binding: { kind: "fingerprint", value: "4f:9a" },
    status: "active",
    expiresAt: null,
    issuedAt: now.toISOString(),
    exp: Math.floor(now.getTime() / 1000) + 86_400,
    entitlements: [],
    nonce: "n-123",
  };
  const signed = (facts: unknown, key: KeyObject = pair.privateKey) => {
    const payload = Buffer.from(JSON.stringify(facts)).toString("base64url");
    return `kwc1.${payload}.${sign(null, Buffer.from(`kwc1.${payload}`), key).toString("base64url")}`;
  };

  it("checks an air-gapped certificate's machine and nonce when asked", () => {
    const cert = signed(base);
    expect(verifyCertificateWithKeys(cert, list, { now, fingerprint: "4f:9a", nonce: "n-123" }).valid).toBe(
      true,
    );
    expect(verifyCertificateWithKeys(cert, list, { now, fingerprint: "00:00" })).toEqual({
      valid: false,
      reason: "wrong_machine",
    });
    expect(verifyCertificateWithKeys(cert, list, { now, nonce: "other" })).toEqual({
      valid: false,
      reason: "wrong_nonce",
    });
    expect(
      verifyCertificateWithKeys(signed({ ...base, binding: null }), list, { now, fingerprint: "4f:9a" }),
    ).toEqual({
      valid: false,
      reason: "wrong_machine",
    });
  });

  it("refuses version 1, missing kid or exp, and broken text as malformed", () => {
    const { kid: _kid, exp: _exp, nonce: _nonce, ...v1 } = base;
    expect(verifyCertificateWithKeys(signed({ ...v1, v: 1 }), list, { now })).toEqual({
      valid: false,
      reason: "malformed",
    });
    expect(verifyCertificate(signed({ ...v1, v: 1 }), x, { now }).valid).toBe(true);
    expect(verifyCertificateWithKeys(signed({ ...base, kid: undefined }), list, { now }).valid).toBe(false);
    expect(verifyCertificateWithKeys(signed({ ...base, exp: 1.5 }), list, { now })).toEqual({
      valid: false,
      reason: "malformed",
    });
    for (const text of ["kwc1.abc", "kwc1.!!.??", "kwc2.a.b", ""]) {
      expect(verifyCertificateWithKeys(text, list, { now })).toEqual({ valid: false, reason: "malformed" });
    }
  });

  it("refuses a key it does not list or does not trust, and a signature by another key", () => {
    const cert = signed(base);
    for (const notAList of [[], null, { keys: "k1" }, { keys: [{ kid: "k1" }] }])
      expect(verifyCertificateWithKeys(cert, notAList, { now })).toEqual({
        valid: false,
        reason: "unknown_key",
      });
    for (const status of ["retired", "revoked"] as const)
      expect(verifyCertificateWithKeys(cert, [{ kid: "k1", x, status }], { now })).toEqual({
        valid: false,
        reason: "untrusted_key",
      });
    expect(verifyCertificateWithKeys(cert, [{ kid: "k1", x, status: "rotated" }], { now }).valid).toBe(true);
    const other = generateKeyPairSync("ed25519").privateKey;
    expect(verifyCertificateWithKeys(signed(base, other), list, { now })).toEqual({
      valid: false,
      reason: "bad_signature",
    });
  });
});

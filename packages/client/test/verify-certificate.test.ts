import { generateKeyPairSync, sign } from "node:crypto";
import { startTestServer, type TestServer } from "@keyway/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyCertificate } from "../src/index";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
});
afterAll(async () => {
  await server.close();
});

async function issued() {
  const res = await fetch(`${server.url}/api/v1/licenses/validate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key: "ABCDEF1234567890", domain: "example.com", certificate: true }),
  });
  const { certificate } = (await res.json()) as { certificate: string };
  const key = (await (await fetch(`${server.url}/api/v1/vendors/demo/signing-key`)).json()) as {
    publicKey: string;
  };
  return { certificate, publicKey: key.publicKey };
}

describe("verifyCertificate (offline)", () => {
  it("accepts a certificate from the server with the vendor's published key", async () => {
    const { certificate, publicKey } = await issued();
    const check = verifyCertificate(certificate, publicKey);
    expect(check).toMatchObject({
      valid: true,
      expired: false,
      facts: {
        v: 2,
        vendor: "demo",
        key: "ABCDEF1234567890",
        product: { number: 1, kind: "software", name: "Example Product" },
        binding: { kind: "domain", value: "example.com" },
        status: "active",
      },
    });
    // A version 2 certificate is refused from its own `exp` on (30 days by default): renew it online.
    const later = new Date(Date.now() + 400 * 86_400_000);
    expect(verifyCertificate(certificate, publicKey, { now: later })).toEqual({
      valid: false,
      reason: "expired",
    });
  });

  it("detects tampering with the facts, the signature, or a wrong key", async () => {
    const { certificate, publicKey } = await issued();
    const [prefix, payload, sig] = certificate.split(".") as [string, string, string];
    const facts = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...facts, expiresAt: null })).toString("base64url");
    expect(verifyCertificate(`${prefix}.${forged}.${sig}`, publicKey)).toEqual({
      valid: false,
      reason: "bad_signature",
    });
    const sigBytes = Buffer.from(sig, "base64url");
    sigBytes[10] = (sigBytes[10] ?? 0) ^ 1;
    expect(verifyCertificate(`${prefix}.${payload}.${sigBytes.toString("base64url")}`, publicKey).valid).toBe(
      false,
    );
    const other = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" }).x ?? "";
    expect(verifyCertificate(certificate, other)).toEqual({ valid: false, reason: "bad_signature" });
    expect(verifyCertificate("kwc1.garbage", publicKey)).toEqual({ valid: false, reason: "malformed" });
    expect(verifyCertificate(certificate, "short")).toEqual({ valid: false, reason: "bad_public_key" });
    expect(verifyCertificate(`kwc2.${payload}.${sig}`, publicKey)).toEqual({
      valid: false,
      reason: "malformed",
    });
  });

  it("refuses a validly signed payload that is not a certificate", () => {
    const pair = generateKeyPairSync("ed25519");
    const payload = Buffer.from(JSON.stringify({ hello: "world" })).toString("base64url");
    const sig = sign(null, Buffer.from(`kwc1.${payload}`), pair.privateKey).toString("base64url");
    const pub = pair.publicKey.export({ format: "jwk" }).x ?? "";
    expect(verifyCertificate(`kwc1.${payload}.${sig}`, pub)).toEqual({ valid: false, reason: "malformed" });
  });
});

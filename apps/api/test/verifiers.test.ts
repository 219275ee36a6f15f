import { createPublicKey, randomBytes, verify } from "node:crypto";
import { DEMO } from "@keyway/db/seed";
import type { SigningKeyList } from "@keyway/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { grantLicense, productLikeDemo } from "./helpers-expiry";
import {
  type AnswerCase,
  type Case,
  type CertificateCase,
  loadVerifiers,
  type Verifier,
} from "./verifier-toolchains";

/**
 * The drop-in verifiers (verifiers/php, verifiers/python, verifiers/go, and @keyway/client's when
 * present) against a live server's real answers, certificates and key list (docs/signatures.md):
 * each accepts what the server signed, and refuses an edited body, another request's nonce, a
 * retired or revoked key and a certificate past `exp`.
 */

let server: TestServer;
let verifiers: Verifier[];
beforeAll(async () => {
  verifiers = await loadVerifiers();
  server = await startTestServer({ RATE_LIMIT: "off" });
}, 900_000);
afterAll(async () => {
  await server?.close();
});

const nonce = () => randomBytes(16).toString("base64url");
const seconds = () => Math.floor(Date.now() / 1000);
const host = () => new URL(server.url).host;

/** An answer as a verifier receives it: the request made, the answer's headers and bytes. */
interface Answer {
  status: number;
  request: AnswerCase["request"];
  headers: Record<string, string>;
  body: Buffer;
  json: Record<string, unknown>;
}

async function ask(
  method: string,
  path: string,
  options: { json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {},
  sentNonce: string | null = null,
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(options.form).toString();
  }
  const res = await fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined && { body }) });
  const bytes = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    request: { method, path, host: host(), nonce: sentNonce },
    headers: Object.fromEntries(res.headers),
    body: bytes,
    json: JSON.parse(bytes.toString("utf8")),
  };
}

const keyList = async (): Promise<SigningKeyList> =>
  (await ask("GET", "/api/v1/vendors/demo/signing-keys")).json as unknown as SigningKeyList;

const answerCase = (answer: Answer, keys: SigningKeyList, changes: Partial<AnswerCase> = {}): AnswerCase => ({
  kind: "answer",
  request: answer.request,
  headers: answer.headers,
  bodyBase64: answer.body.toString("base64"),
  keys,
  now: seconds(),
  ...changes,
});
const certificateCase = (
  certificate: string,
  keys: SigningKeyList,
  changes: Partial<CertificateCase> = {},
): CertificateCase => ({ kind: "certificate", certificate, keys, now: seconds(), ...changes });

/** Every verifier's verdict (`valid` or the refusal's reason) on each case equals `expected`. */
async function expectVerdicts(cases: Case[], expected: string[], which = verifiers) {
  expect(which.length).toBeGreaterThanOrEqual(3);
  for (const verifier of which) {
    const results = await verifier.run(cases);
    const verdicts = results.map((r) => (r.valid ? "valid" : (r.reason ?? "refused without a reason")));
    expect({ verifier: verifier.name, verdicts }).toEqual({ verifier: verifier.name, verdicts: expected });
  }
}

/** A fresh license of a copy of the demo's software product (certificates valid `ttlDays`). */
async function ownLicense(ttlDays = 30, bindingKind: "domain" | "fingerprint" = "domain") {
  const db = server.testDb.db;
  const product = await productLikeDemo(db, server.demoVendorId, "verifiers", {
    certificateTtlDays: ttlDays,
    bindingKind,
  });
  return grantLicense(db, server.demoVendorId, product.id);
}

/** Native validate with a nonce in the body: its answer and certificate. */
async function validate(key: string, domain: string) {
  const sent = nonce();
  const answer = await ask(
    "POST",
    "/api/v1/licenses/validate",
    { json: { key, domain, certificate: true, nonce: sent } },
    sent,
  );
  expect(answer.status).toBe(200);
  expect(answer.headers["keyway-signature"]).toBeDefined();
  return { answer, certificate: answer.json.certificate as string };
}

async function activatedLicense(ttlDays = 30) {
  const license = await ownLicense(ttlDays);
  const domain = `verifiers-${license.key.slice(0, 6).toLowerCase()}.example`;
  const activated = await ask("POST", "/api/v1/licenses/activate", { json: { key: license.key, domain } });
  expect(activated.status).toBe(200);
  return { license, domain };
}

const otherAlgorithm = (header: string | undefined) =>
  (header ?? "").replace('algorithm="ed25519"', 'algorithm="rsa-sha256"');

function facts(certificate: string): { kid: string; exp: number; v: number } {
  const payload = certificate.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
}

describe("drop-in verifiers against a live server", () => {
  it("accept the server's real answers and certificates, on every surface", async () => {
    const { license, domain } = await activatedLicense();
    const native = await validate(license.key, domain);
    const unnonced = await ask("POST", "/api/v1/licenses/validate", { json: { key: license.key, domain } });
    const blenddoitNonce = nonce();
    // The seed's example request (seed 002), as its PHP cURL example sends it.
    const blenddoit = await ask(
      "POST",
      "/api/verify-license.php",
      {
        form: { software_id: "1", license_key: DEMO.licenses.active, domain: "example.com" },
        headers: { "x-keyway-nonce": blenddoitNonce },
      },
      blenddoitNonce,
    );
    expect(blenddoit.json).toMatchObject({ status: "success", message: "License verified successfully." });
    const biznoqNonce = nonce();
    const biznoq = await ask(
      "GET",
      `/api/purchase/status/${encodeURIComponent(DEMO.licenses.addon)}`,
      { headers: { ...demoHeaders.biznoq, "x-keyway-nonce": biznoqNonce } },
      biznoqNonce,
    );
    expect(biznoq.json).toMatchObject({ success: true });
    const refusal = await ask("POST", "/api/v1/licenses/validate", {
      json: { key: license.key, domain: "someone-else.example" },
    });
    expect(refusal.status).toBe(403);

    const keys = await keyList();
    const active = keys.keys.find((k) => k.status === "active");
    expect(facts(native.certificate)).toMatchObject({ v: 2, kid: active?.kid });
    // Node's own crypto.verify agrees, with the published key, over docs/signatures.md's message.
    const header = native.answer.headers["keyway-signature"] ?? "";
    expect(header).toContain(`keyid="${active?.kid}"`);
    const message = [
      `(request-target): post /api/v1/licenses/validate`,
      `host: ${host()}`,
      `date: ${native.answer.headers.date}`,
      `digest: ${native.answer.headers.digest}`,
      `keyway-nonce: ${native.answer.request.nonce}`,
    ].join("\n");
    const publicKey = createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: active?.x ?? "" },
      format: "jwk",
    });
    const signature = Buffer.from(/signature="([^"]+)"/.exec(header)?.[1] ?? "", "base64");
    expect(verify(null, Buffer.from(message), publicKey, signature)).toBe(true);
    await expectVerdicts(
      [
        answerCase(native.answer, keys),
        answerCase(unnonced, keys),
        answerCase(blenddoit, keys),
        answerCase(biznoq, keys),
        answerCase(refusal, keys),
        certificateCase(native.certificate, keys),
      ],
      ["valid", "valid", "valid", "valid", "valid", "valid"],
    );
  });

  it("refuse an edited body, another request's nonce, and an unsigned, malformed, stale or unknown-key answer", async () => {
    const { license, domain } = await activatedLicense();
    const { answer } = await validate(license.key, domain);
    const keys = await keyList();
    const edited = Buffer.from(answer.body.toString("utf8").replace('"valid":true', '"valid":false'));
    expect(edited.equals(answer.body)).toBe(false);
    const { "keyway-signature": _signature, ...unsigned } = answer.headers;
    await expectVerdicts(
      [
        answerCase(answer, keys, { bodyBase64: edited.toString("base64") }),
        answerCase(answer, keys, { request: { ...answer.request, nonce: nonce() } }),
        answerCase(answer, keys, { request: { ...answer.request, nonce: null } }),
        answerCase(answer, keys, { request: { ...answer.request, path: "/api/v1/licenses/activate" } }),
        answerCase(answer, keys, { headers: unsigned }),
        answerCase(answer, keys, {
          headers: {
            ...answer.headers,
            "keyway-signature": otherAlgorithm(answer.headers["keyway-signature"]),
          },
        }),
        answerCase(answer, keys, { now: seconds() + 3600 }),
        answerCase(answer, { vendor: "demo", keys: [] }),
      ],
      [
        "bad_digest",
        "bad_signature",
        "bad_signature",
        "bad_signature",
        "unsigned",
        "malformed",
        "stale",
        "unknown_key",
      ],
    );
  });

  it("refuse a certificate past its exp (the product's certificate lifetime)", async () => {
    const { license, domain } = await activatedLicense(1);
    const { certificate } = await validate(license.key, domain);
    const { exp } = facts(certificate);
    expect(exp - seconds()).toBeGreaterThan(86_400 - 120);
    expect(exp - seconds()).toBeLessThanOrEqual(86_400);
    const keys = await keyList();
    await expectVerdicts(
      [
        certificateCase(certificate, keys, { now: exp - 1 }),
        certificateCase(certificate, keys, { now: exp }),
        certificateCase(certificate, keys, { now: exp + 86_400 }),
        certificateCase(certificate.split(".").slice(0, 2).join("."), keys),
      ],
      ["valid", "expired", "expired", "malformed"],
    );
  });

  it("check an air-gapped certificate against the machine's fingerprint and the request's nonce", async () => {
    const license = await ownLicense(30, "fingerprint");
    const machine = randomBytes(8).toString("hex");
    const fingerprint = `machine-${machine}`;
    const requestNonce = nonce();
    const request = `kwar1.${Buffer.from(JSON.stringify({ v: 1, key: license.key, fingerprint, nonce: requestNonce })).toString("base64url")}`;
    const headerNonce = nonce();
    const answer = await ask(
      "POST",
      "/api/v1/licenses/offline/activate",
      { json: { request }, headers: { "x-keyway-nonce": headerNonce } },
      headerNonce,
    );
    expect(answer.status).toBe(200);
    const certificate = answer.json.certificate as string;
    const keys = await keyList();
    await expectVerdicts(
      [
        answerCase(answer, keys),
        certificateCase(certificate, keys, { fingerprint, nonce: requestNonce }),
        certificateCase(certificate, keys, { fingerprint: `machine-${nonce()}`, nonce: requestNonce }),
        certificateCase(certificate, keys, { fingerprint, nonce: nonce() }),
      ],
      ["valid", "valid", "wrong_machine", "wrong_nonce"],
    );
    // The server binds the fingerprint trimmed and lower-cased; the software still holds the one it
    // computed (`Machine-ABC…`). Every verifier compares as the server does.
    await expectVerdicts(
      [certificateCase(certificate, keys, { fingerprint: ` Machine-${machine.toUpperCase()} ` })],
      ["valid"],
      verifiers,
    );
  });

  it("keep trusting a rotated key, and refuse what a retired or revoked key signed", async () => {
    const { license, domain } = await activatedLicense();
    const first = await validate(license.key, domain);
    const firstKid = facts(first.certificate).kid;

    const rotate = await ask("POST", "/api/v1/signing-keys/rotate", {
      json: {},
      headers: demoHeaders.bearer,
    });
    expect(rotate.status).toBe(200);
    const afterRotation = await keyList();
    expect(afterRotation.keys.find((k) => k.kid === firstKid)?.status).toBe("rotated");
    const second = await validate(license.key, domain);
    const secondKid = facts(second.certificate).kid;
    expect(secondKid).not.toBe(firstKid);
    await expectVerdicts(
      [
        answerCase(first.answer, afterRotation),
        certificateCase(first.certificate, afterRotation),
        answerCase(second.answer, afterRotation),
        certificateCase(second.certificate, afterRotation),
      ],
      ["valid", "valid", "valid", "valid"],
    );

    const retire = await ask("POST", `/api/v1/signing-keys/${firstKid}/retire`, {
      json: {},
      headers: demoHeaders.bearer,
    });
    expect(retire.status).toBe(200);
    const afterRetirement = await keyList();
    expect(afterRetirement.keys.find((k) => k.kid === firstKid)?.status).toBe("retired");

    // Revoking the active key (compromised) makes a new one at once.
    const revoke = await ask("POST", `/api/v1/signing-keys/${secondKid}/revoke`, {
      json: {},
      headers: demoHeaders.bearer,
    });
    expect(revoke.status).toBe(200);
    const afterRevocation = await keyList();
    expect(afterRevocation.keys.find((k) => k.kid === secondKid)?.status).toBe("revoked");
    const third = await validate(license.key, domain);
    expect([firstKid, secondKid]).not.toContain(facts(third.certificate).kid);

    await expectVerdicts(
      [
        answerCase(first.answer, afterRetirement),
        certificateCase(first.certificate, afterRetirement),
        answerCase(second.answer, afterRevocation),
        certificateCase(second.certificate, afterRevocation),
        answerCase(third.answer, afterRevocation),
        certificateCase(third.certificate, afterRevocation),
        // A copy of the list from before the new key: unknown until refreshed.
        answerCase(third.answer, afterRetirement),
      ],
      ["untrusted_key", "untrusted_key", "untrusted_key", "untrusted_key", "valid", "valid", "unknown_key"],
    );
  });
});

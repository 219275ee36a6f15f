import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, verify } from "node:crypto";
import { activateOffline, encodeActivationRequest, encodeReleaseCode, issueLicense } from "@keyway/core";
import { and, eq, events, inArray } from "@keyway/db";
import { DEMO } from "@keyway/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { productLikeDemo } from "./helpers-expiry";

/**
 * Air-gapped activation (issue 20 §3, docs/signatures.md §4) over REST: an activation request
 * takes a seat as the native activate does and answers a certificate bound to the machine with
 * the request's nonce, which verifies offline with the vendor's published key; a release code
 * frees the seat once, and never when it is older than the seat's latest activation.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
});

afterAll(async () => {
  await server?.close();
});

type Body = Record<string, unknown> & {
  message?: string;
  data?: { code?: string; details?: { reason?: string } };
};

async function post(path: string, body: unknown) {
  const res = await fetch(`${server.url}/api/v1/licenses/offline/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Body };
}

/** A node-locked, fingerprint-bound license of the demo vendor with `maxSeats` seats. */
async function fingerprintLicense(maxSeats: number) {
  const { db } = server.deps;
  const product = await productLikeDemo(db, server.demoVendorId, "offline", { bindingKind: "fingerprint" });
  return db.transaction((tx) =>
    issueLicense(tx, { vendorId: server.demoVendorId, productId: product.id, status: "active", maxSeats }),
  );
}

const nonce = () => randomBytes(16).toString("base64url");
const machine = () => `m-${randomBytes(8).toString("hex")}`;

function requestFor(key: string, fingerprint: string, n = nonce(), name?: string) {
  return encodeActivationRequest({ v: 1, key, fingerprint, nonce: n, ...(name ? { name } : {}) });
}

function factsOf(certificate: string): Record<string, unknown> {
  const payload = certificate.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
}

interface PublishedKey {
  kid: string;
  x: string;
  status: string;
}

async function publishedKeys(): Promise<PublishedKey[]> {
  const res = await fetch(`${server.url}/api/v1/vendors/${DEMO.vendorSlug}/signing-keys`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { keys: PublishedKey[] }).keys;
}

/** What the machine does offline: the signature with the published key named by `kid`. */
function verifiesOffline(certificate: string, keys: PublishedKey[]): boolean {
  const [prefix, payload, signature] = certificate.split(".");
  const kid = factsOf(certificate).kid;
  const key = keys.find((k) => k.kid === kid && (k.status === "active" || k.status === "rotated"));
  if (!key || !payload || !signature) return false;
  const publicKey = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: key.x }, format: "jwk" });
  return verify(null, Buffer.from(`${prefix}.${payload}`), publicKey, Buffer.from(signature, "base64url"));
}

describe("air-gapped activation", () => {
  it("answers a certificate bound to the machine with the request's nonce, verifiable offline", async () => {
    const license = await fingerprintLicense(2);
    const fingerprint = machine();
    const n = nonce();
    const res = await post("activate", { request: requestFor(license.key, fingerprint, n, "Lab PC 3") });
    expect(res.status).toBe(200);
    const certificate = res.body.certificate as string;
    const facts = factsOf(certificate);
    expect(facts).toMatchObject({
      v: 2,
      key: license.key,
      vendor: DEMO.vendorSlug,
      binding: { kind: "fingerprint", value: fingerprint },
      nonce: n,
      status: "active",
    });
    expect(typeof facts.exp).toBe("number");
    expect(verifiesOffline(certificate, await publishedKeys())).toBe(true);
    // An edited certificate (another machine) no longer verifies.
    const [prefix, , signature] = certificate.split(".");
    const edited = Buffer.from(
      JSON.stringify({ ...facts, binding: { kind: "fingerprint", value: "m-other" } }),
    );
    expect(
      verifiesOffline(`${prefix}.${edited.toString("base64url")}.${signature}`, await publishedKeys()),
    ).toBe(false);
    // The seat shows among the license's activations, named as the request named it.
    const seats = (res.body.license as { activations: { value: string; label: string }[]; seatsUsed: number })
      .activations;
    expect(seats).toEqual([expect.objectContaining({ value: fingerprint, label: "Lab PC 3" })]);
    const vendorView = await fetch(`${server.url}/api/v1/licenses/${license.id}`, {
      headers: demoHeaders.bearer,
    });
    const view = (await vendorView.json()) as { activations: { value: string }[]; seatsUsed: number };
    expect(view.activations.map((a) => a.value)).toEqual([fingerprint]);
    expect(view.seatsUsed).toBe(1);
  });

  it("takes seats as an online activation does: a full license refuses another machine, the same one gets its seat again", async () => {
    const license = await fingerprintLicense(1);
    const first = machine();
    const one = await post("activate", { request: requestFor(license.key, first) });
    expect(one.status).toBe(200);
    const again = await post("activate", { request: requestFor(license.key, first) });
    expect(again.status).toBe(200);
    expect((again.body.activation as { id: string }).id).toBe((one.body.activation as { id: string }).id);
    expect(again.body.certificate).not.toBe(one.body.certificate);
    const other = await post("activate", { request: requestFor(license.key, machine()) });
    expect(other.status).toBe(409);
    expect(other.body.data?.code).toBe("seat_limit_reached");
    expect(other.body.message).toMatch(/seat/i);
    // The same events (and so webhooks) as an online activation: one seat bound.
    const bound = await server.deps.db
      .select()
      .from(events)
      .where(and(eq(events.licenseId, license.id), eq(events.type, "license.bound")));
    expect(bound).toHaveLength(1);
  });

  it("a release code frees the seat once; used again it frees nothing and says why", async () => {
    const license = await fingerprintLicense(1);
    const fingerprint = machine();
    const activated = await post("activate", { request: requestFor(license.key, fingerprint) });
    const release = encodeReleaseCode(activated.body.certificate as string);
    const freed = await post("release", { release });
    expect(freed.status).toBe(200);
    expect(freed.body).toMatchObject({ released: true, reason: null });
    expect((freed.body.license as { seatsUsed: number }).seatsUsed).toBe(0);
    // The seat is free: another machine takes it.
    expect((await post("activate", { request: requestFor(license.key, machine()) })).status).toBe(200);
    const twice = await post("release", { release });
    expect(twice.status).toBe(200);
    expect(twice.body).toMatchObject({ released: false, reason: "already_free" });
    expect(twice.body.message).toMatch(/nothing to free/i);
    const released = await server.deps.db
      .select()
      .from(events)
      .where(and(eq(events.licenseId, license.id), inArray(events.type, ["license.released"])));
    expect(released).toHaveLength(1);
  });

  it("refuses a release code from before the machine was activated again as stale", async () => {
    const license = await fingerprintLicense(1);
    const fingerprint = machine();
    const old = await post("activate", { request: requestFor(license.key, fingerprint) });
    const oldRelease = encodeReleaseCode(old.body.certificate as string);
    expect((await post("release", { release: oldRelease })).body.released).toBe(true);
    // Activated again a minute later (the clock moves in core, not by waiting).
    const later = new Date(Date.now() + 60_000);
    const fresh = await activateOffline(server.deps.db, server.deps.secrets, {
      request: requestFor(license.key, fingerprint),
      now: later,
    });
    const stale = await post("release", { release: oldRelease });
    expect(stale.status).toBe(200);
    expect(stale.body).toMatchObject({ released: false, reason: "stale" });
    expect((stale.body.license as { seatsUsed: number }).seatsUsed).toBe(1);
    // The newest certificate's release code still frees it.
    const current = await post("release", { release: encodeReleaseCode(fresh.certificate) });
    expect(current.body).toMatchObject({ released: true });
  });

  it("refuses a release code whose certificate was not signed by the vendor", async () => {
    const license = await fingerprintLicense(1);
    const fingerprint = machine();
    const activated = await post("activate", { request: requestFor(license.key, fingerprint) });
    const facts = factsOf(activated.body.certificate as string);
    const forger = generateKeyPairSync("ed25519");
    const payload = Buffer.from(JSON.stringify(facts)).toString("base64url");
    const forgedSignature = sign(null, Buffer.from(`kwc1.${payload}`), forger.privateKey).toString(
      "base64url",
    );
    const res = await post("release", { release: encodeReleaseCode(`kwc1.${payload}.${forgedSignature}`) });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/not signed by the software's vendor/);
    // Nothing was freed.
    const view = await fetch(`${server.url}/api/v1/licenses/${license.id}`, { headers: demoHeaders.bearer });
    expect(((await view.json()) as { seatsUsed: number }).seatsUsed).toBe(1);
  });

  it("refuses malformed codes with 400 and words, never a 5xx", async () => {
    const license = await fingerprintLicense(1);
    const json = (value: unknown) => `kwar1.${Buffer.from(JSON.stringify(value)).toString("base64url")}`;
    const cases: Array<[unknown, RegExp]> = [
      [{ request: "hello" }, /not an activation request: it should start with kwar1/],
      [{ request: "" }, /Paste the activation request/],
      [{ request: "kwar1.%%%" }, /damaged/],
      [{ request: "kwar1.bm90IGpzb24" }, /incomplete or damaged/],
      [{ request: json({ v: 1, key: license.key, fingerprint: "abcd" }) }, /nonce is missing/],
      [{ request: json({ v: 2, key: license.key, fingerprint: "abcd", nonce: "n" }) }, /version must be 1/],
      [
        { request: json({ v: 1, key: license.key, fingerprint: "abcd", nonce: "bad nonce!" }) },
        /nonce must be/,
      ],
      [{ request: encodeReleaseCode("kwc1.e30.c2ln") }, /This is a release code, not an activation request/],
      [{ request: 42 }, /.+/],
      [{}, /.+/],
    ];
    for (const [body, words] of cases) {
      const res = await post("activate", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.message).toMatch(words);
    }
    const releases: Array<[unknown, RegExp]> = [
      [{ release: requestFor(license.key, machine()) }, /This is an activation request, not a release code/],
      [{ release: encodeReleaseCode("kwc1.bm9wZQ.c2ln") }, /certificate inside the release code is damaged/],
      [{ release: `kwrl1.${Buffer.from('{"v":1}').toString("base64url")}` }, /certificate is missing/],
    ];
    for (const [body, words] of releases) {
      const res = await post("release", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.message).toMatch(words);
    }
    // A well-formed request for a key nobody issued, and one for a domain-bound license.
    const unknown = await post("activate", { request: requestFor("NOPE-NOPE-NOPE-NOPE", machine()) });
    expect(unknown.status).toBe(404);
    const domainBound = await post("activate", { request: requestFor(DEMO.licenses.active, machine()) });
    expect(domainBound.status).toBe(400);
    expect(domainBound.body.message).toMatch(/binds to a \w+, not a fingerprint/);
  });

  it("is documented in /openapi.json, and its answers are signed by the vendor's key with the request's nonce", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, { post?: { requestBody?: unknown; responses?: Record<string, unknown> } }>;
    };
    for (const path of ["/licenses/offline/activate", "/licenses/offline/release"]) {
      const op = doc.paths[path]?.post;
      expect(op, path).toBeDefined();
      expect(JSON.stringify(op?.requestBody)).toMatch(/kw(ar|rl)1\./);
      expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(["200", "400", "429"]));
    }
    const license = await fingerprintLicense(1);
    const headerNonce = nonce();
    const res = await fetch(`${server.url}/api/v1/licenses/offline/activate`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-keyway-nonce": headerNonce },
      body: JSON.stringify({ request: requestFor(license.key, machine()) }),
    });
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    const header = res.headers.get("keyway-signature") ?? "";
    const field = (name: string) => header.match(new RegExp(`${name}="([^"]*)"`))?.[1] ?? "";
    const key = (await publishedKeys()).find((k) => k.kid === field("keyid"));
    expect(key?.status).toBe("active");
    const digest = `sha-256=${createHash("sha256").update(body).digest("base64")}`;
    expect(res.headers.get("digest")).toBe(digest);
    const message = [
      "(request-target): post /api/v1/licenses/offline/activate",
      `host: ${new URL(server.url).host}`,
      `date: ${res.headers.get("date")}`,
      `digest: ${digest}`,
      `keyway-nonce: ${headerNonce}`,
    ].join("\n");
    const publicKey = createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: key?.x ?? "" },
      format: "jwk",
    });
    expect(verify(null, Buffer.from(message), publicKey, Buffer.from(field("signature"), "base64"))).toBe(
      true,
    );
  });

  it("frees a seat with a certificate of a rotated or retired key, never one of a revoked key", async () => {
    const vendorPost = async (path: string) => {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...demoHeaders.bearer },
        body: "{}",
      });
      expect(res.status, path).toBe(200);
    };
    const kidOf = (certificate: string) => factsOf(certificate).kid as string;
    const older = await fingerprintLicense(1);
    const oldCertificate = (await post("activate", { request: requestFor(older.key, machine()) })).body
      .certificate as string;
    await vendorPost("/signing-keys/rotate");
    await vendorPost(`/signing-keys/${kidOf(oldCertificate)}/retire`);
    const retired = await post("release", { release: encodeReleaseCode(oldCertificate) });
    expect(retired.body).toMatchObject({ released: true });

    const newer = await fingerprintLicense(1);
    const newCertificate = (await post("activate", { request: requestFor(newer.key, machine()) })).body
      .certificate as string;
    expect(kidOf(newCertificate)).not.toBe(kidOf(oldCertificate));
    await vendorPost(`/signing-keys/${kidOf(newCertificate)}/revoke`);
    const revoked = await post("release", { release: encodeReleaseCode(newCertificate) });
    expect(revoked.status).toBe(403);
    expect(revoked.body.message).toMatch(/not signed by the software's vendor/);
  });

  it("lets a signed-in customer activate only their own licenses", async () => {
    const license = await fingerprintLicense(1);
    const request = requestFor(license.key, machine());
    const params = { request, customerId: "cus_someoneelse000000" };
    await expect(activateOffline(server.deps.db, server.deps.secrets, params)).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringMatching(/belongs to another account/),
    });
    const view = await fetch(`${server.url}/api/v1/licenses/${license.id}`, { headers: demoHeaders.bearer });
    expect(((await view.json()) as { seatsUsed: number }).seatsUsed).toBe(0);
  });
});

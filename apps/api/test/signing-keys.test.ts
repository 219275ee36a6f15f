import { createHash, createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { addVendorUser, createVendorSession } from "@keyway/core";
import { and, eq, events, signingKeys } from "@keyway/db";
import { DEMO } from "@keyway/db/seed";
import type { SigningKeyList } from "@keyway/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startSecondServer, startTestServer, type TestServer } from "../src/testing";
import { signUpBrowser, TEST_PASSWORD, trpc } from "./console-helpers";

/**
 * Keys that rotate and certificates that expire (docs/signatures.md §1, §3), over the public REST
 * API, checked the way a vendor's software would: with node's own Ed25519 and the published list.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
});
afterAll(async () => {
  await server.close();
});

const owner = demoHeaders.bearer;

async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = owner,
  base = server.url,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function keyList(): Promise<SigningKeyList> {
  const res = await call<SigningKeyList>("GET", `/vendors/${DEMO.vendorSlug}/signing-keys`, undefined, {});
  expect(res.status).toBe(200);
  return res.body;
}

async function certificate(base = server.url): Promise<string> {
  const res = await call<{ certificate: string }>(
    "POST",
    "/licenses/validate",
    { key: DEMO.licenses.active, domain: "example.com", certificate: true },
    {},
    base,
  );
  expect(res.status).toBe(200);
  return res.body.certificate;
}

interface Facts {
  v: number;
  kid: string;
  exp: number;
  issuedAt: string;
}
const factsOf = (cert: string) =>
  JSON.parse(Buffer.from(cert.split(".")[1] ?? "", "base64url").toString("utf8")) as Facts;

/** The §3 check with node's crypto: the reason a verifier refuses, or "valid". */
function check(cert: string, list: SigningKeyList, now = new Date()): string {
  const [prefix, payload, signature] = cert.split(".");
  if (prefix !== "kwc1" || !payload || !signature) return "malformed";
  const facts = factsOf(cert);
  if (facts.v !== 2 || !facts.kid || !Number.isInteger(facts.exp)) return "malformed";
  const key = list.keys.find((k) => k.kid === facts.kid);
  if (!key) return "unknown_key";
  if (key.status !== "active" && key.status !== "rotated") return "untrusted_key";
  const publicKey = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: key.x }, format: "jwk" });
  const signed = Buffer.from(`kwc1.${payload}`, "ascii");
  if (!verify(null, signed, publicKey, Buffer.from(signature, "base64url"))) return "bad_signature";
  if (facts.exp <= now.getTime() / 1000) return "expired";
  return "valid";
}

const thumbprint = (x: string) =>
  createHash("sha256").update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`, "utf8").digest("base64url");

const activeKid = (list: SigningKeyList) => list.keys.find((k) => k.status === "active")?.kid;

describe("the key list", () => {
  it("publishes the active key as a JWK whose kid is its thumbprint, as the single-key route does", async () => {
    const list = await keyList();
    expect(list.vendor).toBe(DEMO.vendorSlug);
    const active = list.keys.filter((k) => k.status === "active");
    expect(active).toHaveLength(1);
    const [key] = active;
    expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig", rotatedAt: null });
    expect(key?.kid).toBe(thumbprint(key?.x ?? ""));
    const single = await call("GET", `/vendors/${DEMO.vendorSlug}/signing-key`, undefined, {});
    expect(single.body).toMatchObject({ publicKey: key?.x, kid: key?.kid, algorithm: "Ed25519" });
    const none = await call<{ code?: string; data?: { code: string } }>(
      "GET",
      "/vendors/no-such-vendor/signing-keys",
      undefined,
      {},
    );
    expect(none.status).toBe(404);
  });
});

describe("rotation and retirement", () => {
  it("signs with the new key after a rotation; the old key's certificates verify until it is retired", async () => {
    const before = await keyList();
    const oldKid = activeKid(before);
    const signedBefore = await certificate();
    expect(factsOf(signedBefore)).toMatchObject({ v: 2, kid: oldKid });
    expect(check(signedBefore, before)).toBe("valid");

    const rotated = await call<SigningKeyList>("POST", "/signing-keys/rotate", {});
    expect(rotated.status).toBe(200);
    const after = await keyList();
    expect(after).toEqual(rotated.body);
    expect(after.keys).toHaveLength(before.keys.length + 1);
    const [newest, previous] = after.keys;
    expect(newest).toMatchObject({ status: "active", rotatedAt: null });
    expect(newest?.kid).toBe(thumbprint(newest?.x ?? ""));
    expect(newest?.kid).not.toBe(oldKid);
    expect(previous).toMatchObject({ kid: oldKid, status: "rotated", retiredAt: null });
    expect(previous?.rotatedAt).not.toBeNull();

    const signedAfter = await certificate();
    expect(factsOf(signedAfter).kid).toBe(newest?.kid);
    expect(check(signedAfter, after)).toBe("valid");
    expect(check(signedBefore, after)).toBe("valid");

    // The active key cannot be retired: it is what signs.
    const refused = await call<{ data?: { code: string } }>(
      "POST",
      `/signing-keys/${newest?.kid}/retire`,
      {},
    );
    expect(refused.status).toBe(409);
    expect(refused.body.data?.code).toBe("conflict");

    const retired = await call<SigningKeyList>("POST", `/signing-keys/${oldKid}/retire`, {});
    expect(retired.status).toBe(200);
    expect(retired.body.keys.find((k) => k.kid === oldKid)).toMatchObject({ status: "retired" });
    expect(check(signedBefore, await keyList())).toBe("untrusted_key");
    expect(check(signedAfter, await keyList())).toBe("valid");

    const trail = await server.testDb.db
      .select({ type: events.type, subjectId: events.subjectId, actor: events.actor })
      .from(events)
      .where(and(eq(events.vendorId, server.demoVendorId), eq(events.subjectType, "signing_key")));
    expect(trail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: "signing_key.rotated", subjectId: newest?.kid }),
        expect.objectContaining({ type: "signing_key.retired", subjectId: oldKid }),
      ]),
    );
    expect(trail.every((e) => e.actor.startsWith("api:"))).toBe(true);
  });

  it("revoking the active key makes a new active key at once; what the old one signed is refused", async () => {
    const signed = await certificate();
    const oldKid = factsOf(signed).kid;
    const revoked = await call<SigningKeyList>("POST", `/signing-keys/${oldKid}/revoke`, {});
    expect(revoked.status).toBe(200);
    const list = await keyList();
    expect(list.keys.find((k) => k.kid === oldKid)).toMatchObject({ status: "revoked" });
    expect(list.keys.filter((k) => k.status === "active")).toHaveLength(1);
    const newKid = activeKid(list);
    expect(newKid).not.toBe(oldKid);
    expect(list.keys[0]?.kid).toBe(newKid);
    expect(check(signed, list)).toBe("untrusted_key");
    const fresh = await certificate();
    expect(factsOf(fresh).kid).toBe(newKid);
    expect(check(fresh, list)).toBe("valid");
    // A second revocation changes nothing.
    expect((await call<SigningKeyList>("POST", `/signing-keys/${oldKid}/revoke`, {})).body).toEqual(list);
  });

  it("takes concurrent rotations one after another: one active key, every other one rotated", async () => {
    const before = await keyList();
    const answers = await Promise.all([1, 2, 3].map(() => call("POST", "/signing-keys/rotate", {})));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const after = await keyList();
    expect(after.keys).toHaveLength(before.keys.length + 3);
    expect(after.keys.filter((k) => k.status === "active")).toHaveLength(1);
    const wasActive = new Set(before.keys.filter((k) => k.status === "active").map((k) => k.kid));
    const nowRotated = after.keys.filter(
      (k) => k.status === "rotated" && !before.keys.some((b) => b.kid === k.kid && b.status === "rotated"),
    );
    expect(nowRotated).toHaveLength(3);
    expect(nowRotated.some((k) => wasActive.has(k.kid))).toBe(true);
  });

  it("answers 404 in the REST envelope for a kid the vendor does not have", async () => {
    for (const action of ["retire", "revoke"]) {
      const res = await call<{ data?: { code: string } }>("POST", `/signing-keys/no-such-kid/${action}`, {});
      expect(res.status).toBe(404);
      expect(res.body.data?.code).toBe("not_found");
    }
    // Another vendor's kid is as unknown.
    const other = await signUpBrowser(server.url);
    const theirs = await trpc<SigningKeyList>(
      server.url,
      "mutation",
      "signingKey.rotate",
      {},
      {
        cookie: other.cookie,
        "x-csrf-token": other.csrfToken,
      },
    );
    expect(theirs.ok).toBe(true);
    const theirKid = theirs.ok ? activeKid(theirs.data) : undefined;
    const res = await call<{ data?: { code: string } }>("POST", `/signing-keys/${theirKid}/revoke`, {});
    expect(res.status).toBe(404);
  });
});

describe("who may change keys", () => {
  it("an owner's session or an API credential; a member's session and no credential are refused", async () => {
    const member = await addVendorUser(server.testDb.db, {
      vendorId: server.demoVendorId,
      email: "keys-member@demo.test",
      password: TEST_PASSWORD,
      role: "member",
      production: false,
    });
    const session = await createVendorSession(server.testDb.db, {
      vendorId: server.demoVendorId,
      vendorUserId: member.id,
    });
    const headers = {
      cookie: `keyway_console=${encodeURIComponent(session.token)}`,
      "x-csrf-token": session.csrfToken,
    };
    const before = await keyList();
    const refused = await trpc(server.url, "mutation", "signingKey.rotate", {}, headers);
    expect(refused.status).toBe(403);
    const kid = activeKid(before) ?? "";
    expect((await trpc(server.url, "mutation", "signingKey.revoke", { kid }, headers)).status).toBe(403);
    expect((await call("POST", "/signing-keys/rotate", {}, {})).status).toBe(401);
    expect(await keyList()).toEqual(before);
    // The member still sees the list (it is public).
    expect((await trpc(server.url, "query", "signingKey.list", { vendorSlug: "demo" }, headers)).ok).toBe(
      true,
    );
  });
});

describe("certificate lifetime", () => {
  it("a certificate's exp follows the product's certificateTtlDays, and it is refused from exp on", async () => {
    const products = await call<{ id: string; number: number; certificateTtlDays: number }[]>(
      "GET",
      "/products?kind=software",
    );
    const product = products.body.find((p) => p.number === 1);
    expect(product?.certificateTtlDays).toBe(30);
    for (const bad of [0, 3651, 2.5]) {
      const res = await call("PATCH", `/products/${product?.id}`, { certificateTtlDays: bad });
      expect(res.status).toBe(400);
    }
    const patched = await call("PATCH", `/products/${product?.id}`, { certificateTtlDays: 7 });
    expect(patched).toMatchObject({ status: 200, body: { certificateTtlDays: 7 } });

    const cert = await certificate();
    const facts = factsOf(cert);
    expect(facts.exp).toBe(Math.floor(Date.parse(facts.issuedAt) / 1000) + 7 * 86_400);
    const list = await keyList();
    expect(check(cert, list, new Date(facts.exp * 1000 - 1000))).toBe("valid");
    expect(check(cert, list, new Date(facts.exp * 1000))).toBe("expired");

    await call("PATCH", `/products/${product?.id}`, { certificateTtlDays: 30 });
    const created = await call("POST", "/products", {
      kind: "software",
      name: "Short-lived",
      certificateTtlDays: 1,
    });
    expect(created).toMatchObject({ status: 200, body: { certificateTtlDays: 1 } });
  });
});

describe("every process", () => {
  it("signs with the new key once another server rotated it", async () => {
    const second = await startSecondServer(server);
    try {
      // The second server has the current signer in memory now.
      const before = factsOf(await certificate(second.url)).kid;
      const rotated = await call<SigningKeyList>("POST", "/signing-keys/rotate", {});
      const newKid = activeKid(rotated.body);
      expect(newKid).not.toBe(before);
      // Waiting for the notification to arrive, not for time to pass.
      await expect
        .poll(async () => factsOf(await certificate(second.url)).kid, { timeout: 2_000, interval: 50 })
        .toBe(newKid);
    } finally {
      await second.close();
    }
  });

  it("forgets its cached signer when the keys change behind its back (only the notification tells it)", async () => {
    const before = factsOf(await certificate()).kid;
    // Another process's change, written straight to the table: nothing in this process calls forget.
    const pair = generateKeyPairSync("ed25519");
    const x = pair.publicKey.export({ format: "jwk" }).x ?? "";
    const sealed = server.deps.secrets.seal(
      pair.privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"),
    );
    await server.testDb.db.transaction(async (tx) => {
      await tx
        .update(signingKeys)
        .set({ status: "rotated", rotatedAt: new Date() })
        .where(and(eq(signingKeys.vendorId, server.demoVendorId), eq(signingKeys.status, "active")));
      await tx.insert(signingKeys).values({
        id: thumbprint(x),
        vendorId: server.demoVendorId,
        publicKey: x,
        privateKeyEncrypted: sealed,
      });
    });
    expect(thumbprint(x)).not.toBe(before);
    await expect
      .poll(async () => factsOf(await certificate()).kid, { timeout: 2_000, interval: 50 })
      .toBe(thumbprint(x));
  });
});

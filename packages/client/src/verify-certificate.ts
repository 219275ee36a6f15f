import { CertificateFacts as CertificateFactsSchema } from "@keyway/schema";
import { ed25519 } from "@noble/curves/ed25519.js";

/** What a certificate states about its license (the server's certificate contract, written out in full). */
export type CertificateFacts = NonNullable<ReturnType<typeof parseFacts>>;

export type CertificateCheck =
  | {
      valid: true;
      facts: CertificateFacts;
      /** True when the license's `expiresAt` has passed at `now`: re-verify online. */
      expired: boolean;
      /** The license's entitlement codes when signed, sorted (empty for certificates without them). */
      entitlements: string[];
    }
  | { valid: false; reason: "malformed" | "bad_signature" | "bad_public_key" | "expired" };

/**
 * Offline check of a Keyway license certificate, in Node and in browsers (no network, no Node
 * APIs). Format: `kwc1.<base64url(JSON facts)>.<base64url(Ed25519 signature)>`, the signature
 * covering the ASCII bytes `kwc1.<base64url(JSON facts)>`. `publicKey` is the vendor's raw
 * 32-byte Ed25519 key as base64url (the `publicKey` of `GET /api/v1/vendors/{slug}/signing-key`),
 * or the bytes themselves. Accepts version 1 and 2 certificates; a version 2 certificate past its
 * `exp` is refused (`expired`). To honour key rotation (`kid`, retired and revoked keys) use
 * `verifyCertificateWithKeys` with the vendor's key list.
 */
export function verifyCertificate(
  certificate: string,
  publicKey: string | Uint8Array,
  options: { now?: Date } = {},
): CertificateCheck {
  if (typeof certificate !== "string" || certificate.length > 16_384)
    return { valid: false, reason: "malformed" };
  const parts = certificate.split(".");
  if (parts.length !== 3 || parts[0] !== "kwc1" || !parts[1] || !parts[2])
    return { valid: false, reason: "malformed" };
  const key = typeof publicKey === "string" ? fromBase64Url(publicKey) : publicKey;
  if (key?.length !== 32) return { valid: false, reason: "bad_public_key" };
  const signature = fromBase64Url(parts[2]);
  const payload = fromBase64Url(parts[1]);
  if (signature?.length !== 64 || !payload) return { valid: false, reason: "malformed" };

  const message = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
  let ok = false;
  try {
    ok = ed25519.verify(signature, message, key, { zip215: false });
  } catch {
    return { valid: false, reason: "bad_public_key" };
  }
  if (!ok) return { valid: false, reason: "bad_signature" };

  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { valid: false, reason: "malformed" };
  }
  const facts = parseFacts(json);
  if (!facts) return { valid: false, reason: "malformed" };
  const now = options.now ?? new Date();
  if (facts.exp !== undefined && facts.exp <= now.getTime() / 1000)
    return { valid: false, reason: "expired" };
  const expiresAt = facts.expiresAt ? Date.parse(facts.expiresAt) : null;
  return {
    valid: true,
    facts,
    expired: expiresAt !== null && expiresAt <= now.getTime(),
    entitlements: facts.entitlements ?? [],
  };
}

/** The certificate contract's check; its inferred type is what `CertificateFacts` names. */
function parseFacts(json: unknown) {
  const parsed = CertificateFactsSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

function fromBase64Url(input: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(input)) return null;
  const b64 = input.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((input.length + 3) % 4);
  try {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** One key of a vendor's list (`GET /api/v1/vendors/{slug}/signing-keys`): what a verifier reads. */
export interface PublishedSigningKey {
  kid: string;
  /** The raw 32-byte Ed25519 public key, base64url. */
  x: string;
  status: "active" | "rotated" | "retired" | "revoked";
}

/** The vendor's key list as served, or just its `keys`. */
export type SigningKeyListLike = { keys: readonly PublishedSigningKey[] } | readonly PublishedSigningKey[];

export type CertificateRefusal =
  | "malformed"
  | "unknown_key"
  | "untrusted_key"
  | "bad_signature"
  | "expired"
  | "wrong_machine"
  | "wrong_nonce";

export type KeyedCertificateCheck =
  | {
      valid: true;
      facts: CertificateFacts & { v: 2; kid: string; exp: number };
      /** The key that signed it (`active` or `rotated`). */
      kid: string;
      /** The certificate's own end (`exp`): renew it before then. */
      validUntil: Date;
      /** True when the license's `expiresAt` has passed at `now`: re-verify online. */
      expired: boolean;
      entitlements: string[];
    }
  | { valid: false; reason: CertificateRefusal };

/**
 * Offline check of a version 2 certificate against the vendor's key list (docs/signatures.md §3):
 * its `kid` must be listed `active` or `rotated`, its signature must verify, and `exp` must be
 * after `now`. Pass `fingerprint` (this machine's) and `nonce` (the one the activation request
 * carried) to check a machine-bound, air-gapped certificate (the fingerprint is compared trimmed
 * and lower-cased, as the server stores it). Refuses with the first reason that
 * applies; version 1 certificates (no `kid`, no `exp`) are `malformed`.
 */
export function verifyCertificateWithKeys(
  certificate: string,
  /** A `SigningKeyListLike`: the list as fetched (`await res.json()` will do), or its `keys`. */
  keyList: unknown,
  options: { now?: Date; fingerprint?: string; nonce?: string } = {},
): KeyedCertificateCheck {
  if (typeof certificate !== "string" || certificate.length > 16_384)
    return { valid: false, reason: "malformed" };
  const parts = certificate.split(".");
  if (parts.length !== 3 || parts[0] !== "kwc1" || !parts[1] || !parts[2])
    return { valid: false, reason: "malformed" };
  const signature = fromBase64Url(parts[2]);
  const payload = fromBase64Url(parts[1]);
  if (signature?.length !== 64 || !payload) return { valid: false, reason: "malformed" };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { valid: false, reason: "malformed" };
  }
  const facts = parseFacts(json);
  if (facts?.v !== 2 || !facts.kid || facts.exp === undefined) return { valid: false, reason: "malformed" };

  const key = keysOf(keyList).find((k) => k.kid === facts.kid);
  if (!key) return { valid: false, reason: "unknown_key" };
  if (key.status !== "active" && key.status !== "rotated") return { valid: false, reason: "untrusted_key" };
  const publicKey = fromBase64Url(key.x);
  let ok = false;
  try {
    ok =
      publicKey?.length === 32 &&
      ed25519.verify(signature, new TextEncoder().encode(`kwc1.${parts[1]}`), publicKey, { zip215: false });
  } catch {
    ok = false;
  }
  if (!ok) return { valid: false, reason: "bad_signature" };

  const now = options.now ?? new Date();
  if (facts.exp <= now.getTime() / 1000) return { valid: false, reason: "expired" };
  // The server binds a fingerprint trimmed and lower-cased: compare the machine's the same way.
  if (options.fingerprint !== undefined && facts.binding?.value !== options.fingerprint.trim().toLowerCase())
    return { valid: false, reason: "wrong_machine" };
  if (options.nonce !== undefined && facts.nonce !== options.nonce)
    return { valid: false, reason: "wrong_nonce" };
  const expiresAt = facts.expiresAt ? Date.parse(facts.expiresAt) : null;
  return {
    valid: true,
    facts: { ...facts, v: 2, kid: facts.kid, exp: facts.exp },
    kid: facts.kid,
    validUntil: new Date(facts.exp * 1000),
    expired: expiresAt !== null && expiresAt <= now.getTime(),
    entitlements: facts.entitlements ?? [],
  };
}

/** The well-formed entries of a key list (or of its `keys`); anything else counts as unlisted. */
function keysOf(keyList: unknown): PublishedSigningKey[] {
  const raw: unknown = Array.isArray(keyList) ? keyList : (keyList as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (k): k is PublishedSigningKey =>
      typeof k === "object" &&
      k !== null &&
      typeof (k as PublishedSigningKey).kid === "string" &&
      typeof (k as PublishedSigningKey).x === "string" &&
      typeof (k as PublishedSigningKey).status === "string",
  );
}

import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { and, type Executor, eq, signingKeys, sql, vendors } from "@keyway/db";
import type { CertificateFacts, SigningKey } from "@keyway/schema";
import { DomainError } from "../shared/errors";
import type { SecretBox } from "../shared/secrets";

/**
 * Each vendor signs certificates and verification answers with its `active` Ed25519 key
 * (`signing_keys`), generated on first use. The public key is stored as raw 32 bytes
 * (base64url); the private key as PKCS#8 DER sealed with the server's SecretBox. A key's `kid`
 * is its RFC 7638 JWK thumbprint. Decrypted signers are kept in process until the vendor's keys
 * change (`forgetVendorSigner`, called on the `keyway_signing_keys` notification).
 */

export interface VendorSigner {
  vendorId: string;
  slug: string;
  kid: string;
  publicKey: string;
  privateKey: KeyObject;
}

const signers = new Map<string, VendorSigner>();
/**
 * Bumped by every forget: a signer read before a forget is not kept (its read may predate the
 * change whose notification caused the forget, and would then stay cached for good).
 */
let generation = 0;

export const CERTIFICATE_PREFIX = "kwc1";
/** The channel a change of any vendor's signing keys is announced on (payload: the vendor id). */
export const SIGNING_KEYS_CHANNEL = "keyway_signing_keys";

/** RFC 7638 thumbprint of an Ed25519 public key (raw 32 bytes as base64url): the key's `kid`. */
export function keyThumbprint(publicKey: string): string {
  const canonical = `{"crv":"Ed25519","kty":"OKP","x":"${publicKey}"}`;
  return createHash("sha256").update(canonical, "utf8").digest("base64url");
}

/** A fresh key pair as stored: kid, public key, sealed private key. */
export function newSigningKey(secrets: SecretBox): {
  id: string;
  publicKey: string;
  privateKeyEncrypted: string;
} {
  const pair = generateKeyPairSync("ed25519");
  const jwk = pair.publicKey.export({ format: "jwk" });
  if (!jwk.x) throw new DomainError("internal", "Ed25519 key export failed.");
  return {
    id: keyThumbprint(jwk.x),
    publicKey: jwk.x,
    privateKeyEncrypted: secrets.seal(
      pair.privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"),
    ),
  };
}

/**
 * The vendor's signer when this process already holds it (no read, no promise: the signing of
 * every verification answer takes this path once the first answer has loaded it), else undefined.
 */
export function heldVendorSigner(vendorId: string): VendorSigner | undefined {
  return signers.get(vendorId);
}

/** Drops a vendor's cached signer (its keys changed), or every one. */
export function forgetVendorSigner(vendorId?: string): void {
  generation += 1;
  if (vendorId) signers.delete(vendorId);
  else signers.clear();
}

async function activeKey(db: Executor, vendorId: string) {
  const [row] = await db
    .select({
      slug: vendors.slug,
      kid: signingKeys.id,
      publicKey: signingKeys.publicKey,
      sealed: signingKeys.privateKeyEncrypted,
    })
    .from(vendors)
    .leftJoin(signingKeys, and(eq(signingKeys.vendorId, vendors.id), eq(signingKeys.status, "active")))
    .where(eq(vendors.id, vendorId));
  return row;
}

/** The vendor's active signer, creating its first key pair when it has none. */
export async function vendorSigner(
  db: Executor,
  secrets: SecretBox,
  vendorId: string,
): Promise<VendorSigner> {
  const cached = heldVendorSigner(vendorId);
  if (cached) return cached;
  const seen = generation;
  let row = await activeKey(db, vendorId);
  if (!row) throw new DomainError("not_found", "Vendor not found.");
  if (!row.kid || !row.publicKey || !row.sealed) {
    // Two processes may race to create the first key: the one-active index lets one write win.
    await db
      .insert(signingKeys)
      .values({ vendorId, ...newSigningKey(secrets) })
      .onConflictDoNothing({ target: signingKeys.vendorId, where: sql`${signingKeys.status} = 'active'` });
    row = await activeKey(db, vendorId);
    if (!row?.kid || !row.publicKey || !row.sealed)
      throw new DomainError("internal", "Vendor signing key was not stored.");
  }
  const privateKey = createPrivateKey({
    key: Buffer.from(secrets.open(row.sealed), "base64"),
    format: "der",
    type: "pkcs8",
  });
  const signer = { vendorId, slug: row.slug, kid: row.kid, publicKey: row.publicKey, privateKey };
  if (generation === seen) signers.set(vendorId, signer);
  return signer;
}

/** The public half of the active key, as served at `GET /api/v1/vendors/{slug}/signing-key`. */
export async function getVendorSigningKey(
  db: Executor,
  secrets: SecretBox,
  params: { vendorSlug: string },
): Promise<SigningKey> {
  const [vendor] = await db
    .select({ id: vendors.id })
    .from(vendors)
    .where(eq(vendors.slug, params.vendorSlug));
  if (!vendor) throw new DomainError("not_found", "Vendor not found.");
  const signer = await vendorSigner(db, secrets, vendor.id);
  return {
    vendor: signer.slug,
    algorithm: "Ed25519",
    publicKey: signer.publicKey,
    kid: signer.kid,
    format: CERTIFICATE_PREFIX,
  };
}

/** `kwc1.<base64url(JSON facts)>.<base64url(Ed25519 signature over "kwc1.<payload>")>` */
export function signCertificate(facts: CertificateFacts, privateKey: KeyObject): string {
  const payload = Buffer.from(JSON.stringify(facts), "utf8").toString("base64url");
  const signed = `${CERTIFICATE_PREFIX}.${payload}`;
  const signature = sign(null, Buffer.from(signed, "ascii"), privateKey).toString("base64url");
  return `${signed}.${signature}`;
}

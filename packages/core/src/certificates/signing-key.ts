import { createPrivateKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { and, type Executor, eq, isNull, vendors } from "@keyway/db";
import type { CertificateFacts, SigningKey } from "@keyway/schema";
import { DomainError } from "../shared/errors";
import type { SecretBox } from "../shared/secrets";

/**
 * Each vendor signs license certificates with its own Ed25519 key pair, generated on first use.
 * The public key is stored as raw 32 bytes (base64url); the private key as PKCS#8 DER sealed with
 * the server's SecretBox. Decrypted keys are kept in process: a vendor's key never changes once
 * made, so the cache needs no invalidation.
 */

interface VendorSigner {
  vendorId: string;
  slug: string;
  publicKey: string;
  privateKey: KeyObject;
}

const signers = new Map<string, VendorSigner>();

export const CERTIFICATE_PREFIX = "kwc1";

export async function vendorSigner(
  db: Executor,
  secrets: SecretBox,
  vendorId: string,
): Promise<VendorSigner> {
  const cached = signers.get(vendorId);
  if (cached) return cached;
  const [vendor] = await db
    .select({
      id: vendors.id,
      slug: vendors.slug,
      publicKey: vendors.signingPublicKey,
      sealed: vendors.signingPrivateKeyEncrypted,
    })
    .from(vendors)
    .where(eq(vendors.id, vendorId));
  if (!vendor) throw new DomainError("not_found", "Vendor not found.");

  let publicKey = vendor.publicKey;
  let sealed = vendor.sealed;
  if (!publicKey || !sealed) {
    const pair = generateKeyPairSync("ed25519");
    const jwk = pair.publicKey.export({ format: "jwk" });
    if (!jwk.x) throw new DomainError("internal", "Ed25519 key export failed.");
    const candidate = {
      signingPublicKey: jwk.x,
      signingPrivateKeyEncrypted: secrets.seal(
        pair.privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"),
      ),
    };
    // Two processes may race to create the first key: only one write wins, both use it.
    await db
      .update(vendors)
      .set(candidate)
      .where(and(eq(vendors.id, vendorId), isNull(vendors.signingPublicKey)));
    const [stored] = await db
      .select({ publicKey: vendors.signingPublicKey, sealed: vendors.signingPrivateKeyEncrypted })
      .from(vendors)
      .where(eq(vendors.id, vendorId));
    publicKey = stored?.publicKey ?? null;
    sealed = stored?.sealed ?? null;
    if (!publicKey || !sealed) throw new DomainError("internal", "Vendor signing key was not stored.");
  }
  const privateKey = createPrivateKey({
    key: Buffer.from(secrets.open(sealed), "base64"),
    format: "der",
    type: "pkcs8",
  });
  const signer = { vendorId, slug: vendor.slug, publicKey, privateKey };
  signers.set(vendorId, signer);
  return signer;
}

/** The public half, as served at `GET /api/v1/vendors/{slug}/signing-key`. */
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

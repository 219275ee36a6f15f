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
  | { valid: false; reason: "malformed" | "bad_signature" | "bad_public_key" };

/**
 * Offline check of a Keyway license certificate, in Node and in browsers (no network, no Node
 * APIs). Format: `kwc1.<base64url(JSON facts)>.<base64url(Ed25519 signature)>`, the signature
 * covering the ASCII bytes `kwc1.<base64url(JSON facts)>`. `publicKey` is the vendor's raw
 * 32-byte Ed25519 key as base64url (the `publicKey` of `GET /api/v1/vendors/{slug}/signing-key`),
 * or the bytes themselves.
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

import { z } from "zod";
import { singleLine } from "./primitives";

/**
 * A vendor's Ed25519 signing keys as published (docs/signatures.md §1): a JWKS-style list,
 * newest first. One key is `active`; a `rotated` key still verifies what it signed; a `retired`
 * or `revoked` key verifies nothing.
 */

const isoDate = z.iso.datetime({ offset: true }).meta({ example: "2026-11-30T10:00:00.000Z" });
const KID_EXAMPLE = "nC7f3uV3yM1iYF0o3xkq9Zt1lA0b0Yk3bJ3x0h0VbKc";

export const SIGNING_KEY_STATUSES = ["active", "rotated", "retired", "revoked"] as const;
export const SigningKeyStatus = z.enum(SIGNING_KEY_STATUSES).meta({
  id: "SigningKeyStatus",
  description:
    "`active` signs from now on; `rotated` signs nothing new but still verifies; `retired` and `revoked` verify nothing.",
  example: "active",
});
export type SigningKeyStatus = z.infer<typeof SigningKeyStatus>;

export const SigningKeyEntry = z
  .object({
    kid: z.string().meta({
      example: KID_EXAMPLE,
      description:
        'RFC 7638 JWK thumbprint: base64url (no padding) of SHA-256 of `{"crv":"Ed25519","kty":"OKP","x":"<x>"}`.',
    }),
    kty: z.literal("OKP"),
    crv: z.literal("Ed25519"),
    alg: z.literal("EdDSA"),
    use: z.literal("sig"),
    x: z.string().meta({
      example: "i4hiP9BFr9l8aKswOix0ndGW3BkkgpcXHZJLi5yUhu4",
      description: "The raw 32-byte public key, base64url without padding.",
    }),
    status: SigningKeyStatus,
    createdAt: isoDate,
    rotatedAt: isoDate.nullable().meta({ example: null }),
    retiredAt: isoDate.nullable().meta({ example: null }),
    revokedAt: isoDate.nullable().meta({ example: null }),
  })
  .meta({ id: "SigningKeyEntry" });
export type SigningKeyEntry = z.infer<typeof SigningKeyEntry>;

export const SigningKeyList = z
  .object({
    vendor: z.string().meta({ example: "acme" }),
    keys: z.array(SigningKeyEntry),
  })
  .meta({ id: "SigningKeyList" });
export type SigningKeyList = z.infer<typeof SigningKeyList>;

/** A key named by its `kid`; an unknown one is a 404. */
export const SigningKeyIdInput = z.object({
  kid: singleLine(z.string().min(1).max(128)).meta({ example: KID_EXAMPLE }),
});
export type SigningKeyIdInput = z.infer<typeof SigningKeyIdInput>;

/** Rotation takes nothing: the vendor is the caller. */
export const RotateSigningKeyInput = z.object({});

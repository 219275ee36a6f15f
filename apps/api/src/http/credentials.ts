import {
  type AuthenticatedVendor,
  authenticateCredential,
  type CredentialProof,
  DomainError,
} from "@keyway/core";
import type { Executor } from "@keyway/db";
import { type HeaderBag, headerOf } from "./headers";

type Source = { headers: HeaderBag } | HeaderBag;

/** `Authorization: Bearer <secret>` (native REST, /trpc). */
export function bearerCredentialOf(source: Source): Extract<CredentialProof, { kind: "bearer" }> | null {
  const auth = headerOf(source, "authorization");
  if (!auth?.toLowerCase().startsWith("bearer ")) return null;
  return { kind: "bearer", secret: auth.slice(7).trim() };
}

/** Biznoq's `x-api-key` + `x-api-secret` (seed 000); both or nothing. */
export function pairCredentialOf(source: Source): Extract<CredentialProof, { kind: "pair" }> | null {
  const key = headerOf(source, "x-api-key");
  const secret = headerOf(source, "x-api-secret");
  return key && secret ? { kind: "pair", key, secret } : null;
}

/** JFramework's `Brand-URL` + `Auth-Key` (seed 001); both or nothing. */
export function brandCredentialOf(source: Source): Extract<CredentialProof, { kind: "brand" }> | null {
  const brandUrl = headerOf(source, "brand-url");
  const secret = headerOf(source, "auth-key");
  return brandUrl && secret ? { kind: "brand", brandUrl, secret } : null;
}

/** Every way a vendor credential can be presented (native REST, /trpc); the first one present wins. */
export function credentialOf(source: Source): CredentialProof | null {
  return bearerCredentialOf(source) ?? pairCredentialOf(source) ?? brandCredentialOf(source);
}

/**
 * The vendor a presented credential belongs to, or null when core refuses it (unknown, revoked,
 * wrong key or brand): each surface words that 401 in its own envelope. Anything else (the
 * database down) propagates, a logged 500.
 */
export async function vendorOfCredential(
  db: Executor,
  proof: CredentialProof,
): Promise<AuthenticatedVendor | null> {
  try {
    return await authenticateCredential(db, proof);
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

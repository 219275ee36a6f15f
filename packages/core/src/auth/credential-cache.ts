import { ShortMemo } from "../shared/short-memo";

/**
 * How long a process answers an API credential from memory: every API request presents one,
 * and looking it up was one of an order's three round trips. A credential revoked or rotated
 * is refused at once by the process that did it (`credentialMemo.forget(db)`) and by every
 * other process within this bound (their entries age out).
 */
export const CREDENTIAL_CACHE_MS = 1_000;

/** What a credential resolves to (the columns `authenticateCredential` reads). */
export interface CredentialRow {
  credentialId: string;
  key: string;
  vendorId: string;
  brandUrl: string | null;
  timezone: string;
  currency: string;
  lastUsedAt: Date | null;
}

/**
 * SHA-256 of the secret → its live credential. Bounded: the memo holds the credentials in use,
 * not every secret anyone tried.
 */
export const credentialMemo = new ShortMemo<CredentialRow>({
  ttlMs: CREDENTIAL_CACHE_MS,
  maxEntries: 10_000,
});

import { and, apiCredentials, type Executor, eq, hashSecret, isNull, sql, vendors } from "@keyway/db";
import { AuditActor } from "@keyway/schema";
import { DomainError } from "../shared/errors";
import { oncePerExecutor } from "../shared/prepared";
import { type CredentialRow, credentialMemo } from "./credential-cache";

export interface AuthenticatedVendor {
  vendorId: string;
  credentialId: string;
  timezone: string;
  currency: string;
  /** For the audit trail: `api:<credential id>`. */
  actor: string;
}

export type CredentialProof =
  /** `Authorization: Bearer <secret>` */
  | { kind: "bearer"; secret: string }
  /** Biznoq: `x-api-key` + `x-api-secret` */
  | { kind: "pair"; key: string; secret: string }
  /** JFramework: `Brand-URL` + `Auth-Key` (the secret) */
  | { kind: "brand"; brandUrl: string; secret: string };

/**
 * Resolves an API credential to its vendor. Secrets are compared as SHA-256 hashes through a
 * unique index, so lookup time does not depend on how much of a secret matched. A live
 * credential is answered from memory for up to a second (credential-cache.ts): a revoked one is
 * refused by every process within 1 s.
 */
export async function authenticateCredential(
  db: Executor,
  proof: CredentialProof,
  now: Date = new Date(),
): Promise<AuthenticatedVendor> {
  if (!proof.secret || proof.secret.length > 512) throw unauthorized();
  const secretHash = hashSecret(proof.secret);
  const row = credentialMemo.get(db, secretHash, now.getTime()) ?? (await lookup(db, secretHash, now));
  if (!row) throw unauthorized();
  if (proof.kind === "pair" && row.key !== proof.key) throw unauthorized();
  if (proof.kind === "brand" && normaliseBrand(row.brandUrl ?? "") !== normaliseBrand(proof.brandUrl)) {
    throw unauthorized();
  }
  return {
    vendorId: row.vendorId,
    credentialId: row.credentialId,
    timezone: row.timezone,
    currency: row.currency,
    actor: AuditActor.apiCredential(row.credentialId),
  };
}

/** The database's answer (remembered when live); "last used" written at most once a minute. */
async function lookup(db: Executor, secretHash: string, now: Date): Promise<CredentialRow | null> {
  const generation = credentialMemo.generation(db);
  const [row] = await lookupQuery(db).execute({ secretHash });
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiCredentials).set({ lastUsedAt: now }).where(eq(apiCredentials.id, row.credentialId));
    row.lastUsedAt = now;
  }
  credentialMemo.set(db, secretHash, row, { at: now.getTime(), generation });
  return row;
}

/** On a cache miss every API request runs this lookup: a prepared statement (one round trip, parsed once per connection). */
function prepareLookup(db: Executor) {
  return db
    .select({
      credentialId: apiCredentials.id,
      key: apiCredentials.key,
      vendorId: apiCredentials.vendorId,
      brandUrl: vendors.brandUrl,
      timezone: vendors.timezone,
      currency: vendors.currency,
      lastUsedAt: apiCredentials.lastUsedAt,
    })
    .from(apiCredentials)
    .innerJoin(vendors, eq(vendors.id, apiCredentials.vendorId))
    .where(
      and(eq(apiCredentials.secretHash, sql.placeholder("secretHash")), isNull(apiCredentials.revokedAt)),
    )
    .prepare("keyway_credential_by_secret");
}
const lookupQuery = oncePerExecutor(prepareLookup);

function normaliseBrand(url: string): string {
  return url.trim().toLowerCase().replace(/\/+$/, "");
}

function unauthorized() {
  return new DomainError("unauthorized", "Invalid or missing API credentials.");
}

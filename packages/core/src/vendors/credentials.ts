import { randomBytes } from "node:crypto";
import { and, apiCredentials, type Database, desc, eq, hashSecret, isNull, secretHint } from "@keyway/db";
import type { ApiCredential, IssuedApiCredential } from "@keyway/schema";
import { credentialMemo } from "../auth/credential-cache";
import { DomainError } from "../shared/errors";
import { randomSecret } from "../shared/secrets";

/**
 * API credentials. One credential answers every surface: `Authorization: Bearer <secret>`, the
 * Biznoq pair (`x-api-key` = key, `x-api-secret` = secret) and JFramework (`Brand-URL` = the
 * vendor's brand URL, `Auth-Key` = secret). The secret is returned once and stored as SHA-256.
 */

type Row = typeof apiCredentials.$inferSelect;
export function apiCredentialView(r: Row): ApiCredential {
  return {
    id: r.id,
    name: r.name,
    key: r.key,
    secretHint: r.secretHint,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

function newPair() {
  return { key: `biz_${randomBytes(16).toString("hex")}`, secret: randomSecret("sec", 32) };
}

export async function createApiCredential(
  db: Database,
  params: { vendorId: string; name: string },
): Promise<IssuedApiCredential> {
  const { key, secret } = newPair();
  const [row] = await db
    .insert(apiCredentials)
    .values({
      vendorId: params.vendorId,
      name: params.name,
      key,
      secretHash: hashSecret(secret),
      secretHint: secretHint(secret),
    })
    .returning();
  if (!row) throw new DomainError("internal", "Credential insert returned nothing.");
  return { credential: apiCredentialView(row), secret };
}

export async function listApiCredentials(
  db: Database,
  params: { vendorId: string },
): Promise<ApiCredential[]> {
  const rows = await db
    .select()
    .from(apiCredentials)
    .where(eq(apiCredentials.vendorId, params.vendorId))
    .orderBy(desc(apiCredentials.createdAt));
  return rows.map(apiCredentialView);
}

async function live(db: Database, vendorId: string, credentialId: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(apiCredentials)
    .where(and(eq(apiCredentials.id, credentialId), eq(apiCredentials.vendorId, vendorId)));
  if (!row) throw new DomainError("not_found", "Credential not found.");
  return row;
}

export async function renameApiCredential(
  db: Database,
  params: { vendorId: string; credentialId: string; name: string },
): Promise<ApiCredential> {
  await live(db, params.vendorId, params.credentialId);
  const [row] = await db
    .update(apiCredentials)
    .set({ name: params.name })
    .where(and(eq(apiCredentials.id, params.credentialId), eq(apiCredentials.vendorId, params.vendorId)))
    .returning();
  if (!row) throw new DomainError("not_found", "Credential not found.");
  return apiCredentialView(row);
}

/** Revoking is immediate and final; revoking twice changes nothing. */
export async function revokeApiCredential(
  db: Database,
  params: { vendorId: string; credentialId: string; now?: Date },
): Promise<ApiCredential> {
  const row = await live(db, params.vendorId, params.credentialId);
  if (row.revokedAt) return apiCredentialView(row);
  const [updated] = await db
    .update(apiCredentials)
    .set({ revokedAt: params.now ?? new Date() })
    .where(and(eq(apiCredentials.id, row.id), isNull(apiCredentials.revokedAt)))
    .returning();
  // This process refuses it at once; the others within CREDENTIAL_CACHE_MS.
  credentialMemo.forget(db);
  return apiCredentialView(updated ?? row);
}

/**
 * A new secret (and key) under the same name; the old credential is revoked in the same
 * transaction, so exactly one of them works at any moment.
 */
export async function rotateApiCredential(
  db: Database,
  params: { vendorId: string; credentialId: string; now?: Date },
): Promise<IssuedApiCredential> {
  const issued = await db.transaction(async (tx) => {
    const [old] = await tx
      .select()
      .from(apiCredentials)
      .where(
        and(
          eq(apiCredentials.id, params.credentialId),
          eq(apiCredentials.vendorId, params.vendorId),
          isNull(apiCredentials.revokedAt),
        ),
      )
      .for("update");
    if (!old) throw new DomainError("not_found", "Credential not found.");
    await tx
      .update(apiCredentials)
      .set({ revokedAt: params.now ?? new Date() })
      .where(eq(apiCredentials.id, old.id));
    const { key, secret } = newPair();
    const [row] = await tx
      .insert(apiCredentials)
      .values({
        vendorId: params.vendorId,
        name: old.name,
        key,
        secretHash: hashSecret(secret),
        secretHint: secretHint(secret),
      })
      .returning();
    if (!row) throw new DomainError("internal", "Credential insert returned nothing.");
    return { credential: apiCredentialView(row), secret };
  });
  credentialMemo.forget(db);
  return issued;
}

import { createPublicKey, type KeyObject } from "node:crypto";
import {
  and,
  asc,
  type Database,
  desc,
  type Executor,
  eq,
  inArray,
  type SigningKeyStatus,
  signingKeys,
  sql,
  type Transaction,
  vendors,
} from "@keyway/db";
import type { SigningKeyEntry, SigningKeyList } from "@keyway/schema";
import { recordEvent } from "../events/record-event";
import { DomainError } from "../shared/errors";
import type { SecretBox } from "../shared/secrets";
import { isUniqueViolation } from "../shared/unique-violation";
import { forgetVendorSigner, newSigningKey, vendorSigner } from "./signing-key";

/**
 * A vendor's signing keys over their life (docs/signatures.md §1): rotate (the active key
 * becomes `rotated`, a new one signs), retire (a rotated key stops verifying), revoke (any key,
 * at once; revoking the active key makes a new one in the same transaction). Every change locks
 * the vendor's row, so concurrent changes for one vendor run one after another; the table's
 * trigger tells every process at commit (`keyway_signing_keys`), and this process forgets its
 * cached signer itself as soon as the change is committed.
 */

type KeyRow = typeof signingKeys.$inferSelect;

function entryOf(row: KeyRow): SigningKeyEntry {
  return {
    kid: row.id,
    kty: "OKP",
    crv: "Ed25519",
    alg: "EdDSA",
    use: "sig",
    x: row.publicKey,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    rotatedAt: row.rotatedAt?.toISOString() ?? null,
    retiredAt: row.retiredAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

async function keyRows(db: Executor, vendorId: string): Promise<KeyRow[]> {
  return db
    .select()
    .from(signingKeys)
    .where(eq(signingKeys.vendorId, vendorId))
    .orderBy(
      desc(signingKeys.createdAt),
      // Made in the same instant (a rotation at the creation's `now`): the active one first.
      desc(sql`${signingKeys.status} = 'active'`),
      asc(signingKeys.id),
    );
}

async function listOf(db: Executor, vendor: { id: string; slug: string }): Promise<SigningKeyList> {
  return { vendor: vendor.slug, keys: (await keyRows(db, vendor.id)).map(entryOf) };
}

/** The public key list of a vendor, newest first; its first key is made when it has none. */
export async function listSigningKeys(
  db: Executor,
  secrets: SecretBox,
  params: { vendorSlug: string },
): Promise<SigningKeyList> {
  const [vendor] = await db
    .select({ id: vendors.id, slug: vendors.slug })
    .from(vendors)
    .where(eq(vendors.slug, params.vendorSlug));
  if (!vendor) throw new DomainError("not_found", "Vendor not found.");
  const list = await listOf(db, vendor);
  if (list.keys.some((k) => k.status === "active")) return list;
  await vendorSigner(db, secrets, vendor.id);
  return listOf(db, vendor);
}

/** The vendor's row, locked until the transaction ends: key changes for a vendor take turns. */
async function lockVendor(tx: Transaction, vendorId: string): Promise<{ id: string; slug: string }> {
  const [vendor] = await tx
    .select({ id: vendors.id, slug: vendors.slug })
    .from(vendors)
    .where(eq(vendors.id, vendorId))
    .for("update");
  if (!vendor) throw new DomainError("not_found", "Vendor not found.");
  return vendor;
}

async function findKey(tx: Transaction, vendorId: string, kid: string): Promise<KeyRow> {
  const [row] = await tx
    .select()
    .from(signingKeys)
    .where(and(eq(signingKeys.vendorId, vendorId), eq(signingKeys.id, kid)));
  if (!row) throw new DomainError("not_found", "No signing key with this kid.", { kid });
  return row;
}

/** Retires the active key (if any) as `rotated` and stores a fresh active key; returns its kid. */
async function replaceActiveKey(
  tx: Transaction,
  secrets: SecretBox,
  vendorId: string,
  now: Date,
  previous: SigningKeyStatus,
): Promise<{ kid: string; previousKid: string | null }> {
  const stamp = previous === "rotated" ? { rotatedAt: now } : { revokedAt: now };
  const [old] = await tx
    .update(signingKeys)
    .set({ status: previous, ...stamp })
    .where(and(eq(signingKeys.vendorId, vendorId), eq(signingKeys.status, "active")))
    .returning({ id: signingKeys.id });
  const fresh = newSigningKey(secrets);
  await tx.insert(signingKeys).values({ vendorId, ...fresh, createdAt: now });
  return { kid: fresh.id, previousKid: old?.id ?? null };
}

interface ChangeParams {
  vendorId: string;
  /** For the audit trail: `api:<credential id>` or `user:<user id>`. */
  actor?: string;
  now?: Date;
}

/**
 * A vendor's very first key is made on first use without the vendor lock (signing-key.ts): a
 * rotation racing it may find no active key, then collide with it at commit. Once more then
 * rotates the key that won.
 */
async function withFirstKeyRace<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isUniqueViolation(e, "signing_keys_one_active")) return run();
    throw e;
  }
}

/** A new active key signs from now on; the previous one stays published (`rotated`) until retired. */
export async function rotateSigningKey(
  db: Database,
  secrets: SecretBox,
  params: ChangeParams,
): Promise<SigningKeyList> {
  const now = params.now ?? new Date();
  const vendor = await withFirstKeyRace(() =>
    db.transaction(async (tx) => {
      const vendor = await lockVendor(tx, params.vendorId);
      const { kid, previousKid } = await replaceActiveKey(tx, secrets, vendor.id, now, "rotated");
      await recordEvent(tx, {
        vendorId: vendor.id,
        type: "signing_key.rotated",
        subjectType: "signing_key",
        subjectId: kid,
        actor: params.actor,
        data: { kid, previous_kid: previousKid },
        now,
      });
      return vendor;
    }),
  );
  forgetVendorSigner(vendor.id);
  return listOf(db, vendor);
}

/** A rotated key stops verifying. The active key cannot be retired (rotate first); retiring twice is a no-op. */
export async function retireSigningKey(
  db: Database,
  params: ChangeParams & { kid: string },
): Promise<SigningKeyList> {
  const now = params.now ?? new Date();
  const vendor = await db.transaction(async (tx) => {
    const vendor = await lockVendor(tx, params.vendorId);
    const key = await findKey(tx, vendor.id, params.kid);
    if (key.status === "retired") return vendor;
    if (key.status === "active")
      throw new DomainError(
        "conflict",
        "The active key cannot be retired: rotate first, then retire the previous key.",
        { kid: key.id, status: key.status },
      );
    if (key.status === "revoked")
      throw new DomainError("conflict", "This key is revoked: it already verifies nothing.", {
        kid: key.id,
        status: key.status,
      });
    await tx
      .update(signingKeys)
      .set({ status: "retired", retiredAt: now })
      .where(and(eq(signingKeys.id, key.id), eq(signingKeys.vendorId, vendor.id)));
    await recordEvent(tx, {
      vendorId: vendor.id,
      type: "signing_key.retired",
      subjectType: "signing_key",
      subjectId: key.id,
      actor: params.actor,
      data: { kid: key.id },
      now,
    });
    return vendor;
  });
  forgetVendorSigner(vendor.id);
  return listOf(db, vendor);
}

/**
 * A compromised key verifies nothing from now on. Revoking the active key makes a new active key
 * in the same transaction, so the vendor is never left without one. Revoking twice is a no-op.
 */
export async function revokeSigningKey(
  db: Database,
  secrets: SecretBox,
  params: ChangeParams & { kid: string },
): Promise<SigningKeyList> {
  const now = params.now ?? new Date();
  const vendor = await db.transaction(async (tx) => {
    const vendor = await lockVendor(tx, params.vendorId);
    const key = await findKey(tx, vendor.id, params.kid);
    if (key.status === "revoked") return vendor;
    let replacedBy: string | null = null;
    if (key.status === "active") {
      replacedBy = (await replaceActiveKey(tx, secrets, vendor.id, now, "revoked")).kid;
    } else {
      await tx
        .update(signingKeys)
        .set({ status: "revoked", revokedAt: now })
        .where(and(eq(signingKeys.id, key.id), eq(signingKeys.vendorId, vendor.id)));
    }
    await recordEvent(tx, {
      vendorId: vendor.id,
      type: "signing_key.revoked",
      subjectType: "signing_key",
      subjectId: key.id,
      actor: params.actor,
      data: { kid: key.id, previous_status: key.status, replaced_by: replacedBy },
      now,
    });
    return vendor;
  });
  forgetVendorSigner(vendor.id);
  return listOf(db, vendor);
}

/**
 * The keys whose signatures still count, by kid: by default `active` and `rotated` (what a
 * verifier trusts). A server-side check of something the vendor signed earlier may widen it (an
 * air-gapped release accepts `retired` keys too: they still prove the certificate was ours).
 */
export async function trustedVerifyingKeys(
  db: Executor,
  vendorId: string,
  statuses: readonly SigningKeyStatus[] = ["active", "rotated"],
): Promise<Map<string, KeyObject>> {
  const rows = await db
    .select({ kid: signingKeys.id, x: signingKeys.publicKey })
    .from(signingKeys)
    .where(and(eq(signingKeys.vendorId, vendorId), inArray(signingKeys.status, [...statuses])));
  return new Map(
    rows.map((r) => [r.kid, createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: r.x }, format: "jwk" })]),
  );
}

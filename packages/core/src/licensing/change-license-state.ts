import { and, type Database, type Executor, eq, licenses, type Transaction } from "@keyway/db";
import type { License } from "@keyway/schema";
import { recordLicenseEvent } from "../events/record-event";
import { DomainError } from "../shared/errors";
import { checkLicenseAction } from "./license-actions";
import { loadLicenseSnapshot } from "./license-snapshot";
import { licenseView } from "./license-views";

export interface LicenseActionParams {
  vendorId: string;
  licenseId: string;
  reason?: string | undefined;
  actor?: string | undefined;
  now?: Date;
}

type LicenseRow = typeof licenses.$inferSelect;

/** Locks one of the vendor's licenses for a change; another vendor's id reads as not found. */
export async function lockVendorLicense(
  tx: Transaction,
  vendorId: string,
  licenseId: string,
): Promise<LicenseRow> {
  const [license] = await tx
    .select()
    .from(licenses)
    .where(and(eq(licenses.id, licenseId), eq(licenses.vendorId, vendorId)))
    .for("update");
  if (!license) throw new DomainError("license_not_found", "The license was not found.");
  return license;
}

/** Reads the license back as the vendor sees it (after the change committed). */
export async function vendorLicenseView(
  db: Database,
  vendorId: string,
  licenseId: string,
  now?: Date,
): Promise<License> {
  const snapshot = await loadLicenseSnapshot(
    db,
    and(eq(licenses.id, licenseId), eq(licenses.vendorId, vendorId)),
  );
  if (!snapshot) throw new DomainError("license_not_found", "The license was not found.");
  return licenseView(snapshot, now);
}

export type LicenseStateChange = "suspend" | "reinstate" | "revoke";

/**
 * Writes one state change to a locked license: its row and its timeline/outbox event. The one
 * write behind a vendor's suspend, reinstate and revoke and a refund's or dispute's
 * (commerce/refunds/order-licenses.ts); callers decide first that it applies
 * (`checkLicenseAction`). `extra` adds to the event's data (the order a refund came from).
 */
export async function writeLicenseState(
  tx: Executor,
  license: LicenseRow,
  change: LicenseStateChange,
  params: {
    actor?: string | undefined;
    reason?: string | null | undefined;
    extra?: Record<string, unknown>;
    now: Date;
  },
): Promise<void> {
  const { now } = params;
  const set = {
    suspend: { status: "suspended" as const, suspendedAt: now, updatedAt: now },
    reinstate: { status: "active" as const, suspendedAt: null, updatedAt: now },
    revoke: { status: "revoked" as const, revokedAt: now, updatedAt: now },
  }[change];
  await tx.update(licenses).set(set).where(eq(licenses.id, license.id));
  const data = {
    suspend: {},
    reinstate: { expires_at: license.expiresAt?.toISOString() ?? null },
    revoke: { previous_status: license.status },
  }[change];
  await recordLicenseEvent(tx, license, {
    type: (
      { suspend: "license.suspended", reinstate: "license.reinstated", revoke: "license.revoked" } as const
    )[change],
    actor: params.actor,
    data: {
      license_id: license.id,
      key: license.key,
      status: set.status,
      ...data,
      reason: params.reason ?? null,
      ...params.extra,
    },
    now,
  });
}

/** A vendor's change of one of its licenses, in its own transaction; a repeat changes nothing. */
async function changeLicenseState(
  db: Database,
  change: LicenseStateChange,
  params: LicenseActionParams,
): Promise<License> {
  const now = params.now ?? new Date();
  await db.transaction(async (tx) => {
    const license = await lockVendorLicense(tx, params.vendorId, params.licenseId);
    if (!checkLicenseAction(change, license.status)) return;
    await writeLicenseState(tx, license, change, { actor: params.actor, reason: params.reason, now });
  });
  return vendorLicenseView(db, params.vendorId, params.licenseId, now);
}

/** active (or expired by time) → suspended. Suspending a suspended license changes nothing. */
export const suspendLicense = (db: Database, params: LicenseActionParams) =>
  changeLicenseState(db, "suspend", params);

/** suspended → active (or expired, if its time ran out meanwhile). Reinstating an active license changes nothing. */
export const reinstateLicense = (db: Database, params: LicenseActionParams) =>
  changeLicenseState(db, "reinstate", params);

/** Any state → revoked, for good. Revoking twice changes nothing. */
export const revokeLicense = (db: Database, params: LicenseActionParams) =>
  changeLicenseState(db, "revoke", params);

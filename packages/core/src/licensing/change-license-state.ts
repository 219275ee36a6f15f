import { and, type Database, eq, licenses, type Transaction } from "@keyway/db";
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

/** active (or expired by time) → suspended. Suspending a suspended license changes nothing. */
export async function suspendLicense(db: Database, params: LicenseActionParams): Promise<License> {
  const now = params.now ?? new Date();
  await db.transaction(async (tx) => {
    const license = await lockVendorLicense(tx, params.vendorId, params.licenseId);
    if (!checkLicenseAction("suspend", license.status)) return;
    await tx
      .update(licenses)
      .set({ status: "suspended", suspendedAt: now, updatedAt: now })
      .where(eq(licenses.id, license.id));
    await recordLicenseEvent(tx, license, {
      type: "license.suspended",
      actor: params.actor,
      data: { license_id: license.id, key: license.key, status: "suspended", reason: params.reason ?? null },
      now,
    });
  });
  return vendorLicenseView(db, params.vendorId, params.licenseId, now);
}

/** suspended → active (or expired, if its time ran out meanwhile). Reinstating an active license changes nothing. */
export async function reinstateLicense(db: Database, params: LicenseActionParams): Promise<License> {
  const now = params.now ?? new Date();
  await db.transaction(async (tx) => {
    const license = await lockVendorLicense(tx, params.vendorId, params.licenseId);
    if (!checkLicenseAction("reinstate", license.status)) return;
    await tx
      .update(licenses)
      .set({ status: "active", suspendedAt: null, updatedAt: now })
      .where(eq(licenses.id, license.id));
    await recordLicenseEvent(tx, license, {
      type: "license.reinstated",
      actor: params.actor,
      data: {
        license_id: license.id,
        key: license.key,
        status: "active",
        expires_at: license.expiresAt?.toISOString() ?? null,
        reason: params.reason ?? null,
      },
      now,
    });
  });
  return vendorLicenseView(db, params.vendorId, params.licenseId, now);
}

/** Any state → revoked, for good. Revoking twice changes nothing. */
export async function revokeLicense(db: Database, params: LicenseActionParams): Promise<License> {
  const now = params.now ?? new Date();
  await db.transaction(async (tx) => {
    const license = await lockVendorLicense(tx, params.vendorId, params.licenseId);
    if (!checkLicenseAction("revoke", license.status)) return;
    await tx
      .update(licenses)
      .set({ status: "revoked", revokedAt: now, updatedAt: now })
      .where(eq(licenses.id, license.id));
    await recordLicenseEvent(tx, license, {
      type: "license.revoked",
      actor: params.actor,
      data: {
        license_id: license.id,
        key: license.key,
        status: "revoked",
        previous_status: license.status,
        reason: params.reason ?? null,
      },
      now,
    });
  });
  return vendorLicenseView(db, params.vendorId, params.licenseId, now);
}

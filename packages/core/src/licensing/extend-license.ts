import { type Database, type DurationUnit, eq, licenses } from "@keyway/db";
import type { License } from "@keyway/schema";
import { recordLicenseEvent } from "../events/record-event";
import { DomainError } from "../shared/errors";
import { lockVendorLicense, vendorLicenseView } from "./change-license-state";
import { renewLicense } from "./renew-license";

export interface RenewVendorLicenseParams {
  vendorId: string;
  licenseId: string;
  /** Defaults to the license's current cycle. */
  durationValue?: number | undefined;
  durationUnit?: DurationUnit | undefined;
  actor?: string | undefined;
  now?: Date;
}

/** A vendor renews one of its licenses by a period (from the later of now and the old expiry). */
export async function renewVendorLicense(db: Database, params: RenewVendorLicenseParams): Promise<License> {
  const now = params.now ?? new Date();
  await db.transaction(async (tx) => {
    const license = await lockVendorLicense(tx, params.vendorId, params.licenseId);
    const durationValue = params.durationValue ?? license.durationValue;
    const durationUnit = params.durationUnit ?? license.durationUnit;
    if (!durationValue || !durationUnit) {
      throw new DomainError(
        "invalid_input",
        "This license has no cycle: give durationValue and durationUnit.",
      );
    }
    await renewLicense(tx, { licenseId: license.id, durationValue, durationUnit, actor: params.actor, now });
  });
  return vendorLicenseView(db, params.vendorId, params.licenseId, now);
}

export interface ExtendLicenseParams {
  vendorId: string;
  licenseId: string;
  /** The new expiry; null makes the license perpetual. */
  expiresAt: Date | null;
  reason?: string | undefined;
  actor?: string | undefined;
  now?: Date;
}

/**
 * Sets a license's expiry by hand (goodwill extension, correction). Unlike a renewal it does not
 * re-activate a suspended or revoked license; an expired one reads active again if the new
 * expiry is in the future.
 */
export async function extendLicense(db: Database, params: ExtendLicenseParams): Promise<License> {
  const now = params.now ?? new Date();
  if (params.expiresAt && Number.isNaN(params.expiresAt.getTime())) {
    throw new DomainError("invalid_input", "expiresAt is not a valid date.");
  }
  await db.transaction(async (tx) => {
    const license = await lockVendorLicense(tx, params.vendorId, params.licenseId);
    if (license.status === "revoked")
      throw new DomainError("license_revoked", "The license has been revoked.");
    await tx
      .update(licenses)
      .set({ expiresAt: params.expiresAt, updatedAt: now })
      .where(eq(licenses.id, license.id));
    await recordLicenseEvent(tx, license, {
      type: "license.extended",
      actor: params.actor,
      data: {
        license_id: license.id,
        key: license.key,
        previous_expires_at: license.expiresAt?.toISOString() ?? null,
        expires_at: params.expiresAt?.toISOString() ?? null,
        reason: params.reason ?? null,
      },
      now,
    });
  });
  return vendorLicenseView(db, params.vendorId, params.licenseId, now);
}

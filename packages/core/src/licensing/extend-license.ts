import { type Database, eq, licenses } from "@keyway/db";
import type { License } from "@keyway/schema";
import { recordLicenseEvent } from "../events/record-event";
import { DomainError } from "../shared/errors";
import { lockVendorLicense, vendorLicenseView } from "./change-license-state";
import { checkLicenseAction } from "./license-actions";

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
 * expiry is in the future. A term still waiting for its first use (start-clock.ts) stops waiting:
 * the date set is its end.
 */
export async function extendLicense(db: Database, params: ExtendLicenseParams): Promise<License> {
  const now = params.now ?? new Date();
  if (params.expiresAt && Number.isNaN(params.expiresAt.getTime())) {
    throw new DomainError("invalid_input", "expiresAt is not a valid date.");
  }
  await db.transaction(async (tx) => {
    const license = await lockVendorLicense(tx, params.vendorId, params.licenseId);
    checkLicenseAction("extend", license.status);
    await tx
      .update(licenses)
      .set({ expiresAt: params.expiresAt, clockPending: false, updatedAt: now })
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

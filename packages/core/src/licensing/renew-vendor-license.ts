import type { Database, DurationUnit } from "@keyway/db";
import type { License } from "@keyway/schema";
import { DomainError } from "../shared/errors";
import { lockVendorLicense, vendorLicenseView } from "./change-license-state";
import { checkLicenseAction } from "./license-actions";
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
    checkLicenseAction("renew", license.status);
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

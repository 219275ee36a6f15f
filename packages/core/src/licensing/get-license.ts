import { and, type Executor, eq, licenses } from "@keyway/db";
import { isPlausibleKey, type License, MAX_KEY_LENGTH, normaliseKey } from "@keyway/schema";
import { DomainError } from "../shared/errors";
import { type LicenseSnapshot, loadLicenseSnapshot } from "./license-snapshot";
import { licenseView } from "./license-views";

/** One of the vendor's licenses by id (another vendor's id reads as not found). */
export async function getLicense(
  db: Executor,
  params: { vendorId: string; licenseId: string; now?: Date },
): Promise<License> {
  const snapshot = await loadLicenseSnapshot(
    db,
    and(eq(licenses.id, params.licenseId), eq(licenses.vendorId, params.vendorId)),
  );
  if (!snapshot) throw new DomainError("license_not_found", "The license was not found.");
  return licenseView(snapshot, params.now);
}

export interface LicenseByKey {
  license: License;
  vendor: { id: string; slug: string; timezone: string };
  /** Full snapshot (product key format, plan) for callers that need more than the view. */
  snapshot: LicenseSnapshot;
}

/**
 * A license by its key, for the renewal page and the dialects. With `vendorId`, a key of
 * another vendor reads as not found.
 */
export async function getLicenseByKey(
  db: Executor,
  params: { key: string; vendorId?: string; now?: Date },
): Promise<LicenseByKey> {
  const key = normaliseKey(String(params.key).slice(0, MAX_KEY_LENGTH + 1));
  if (!isPlausibleKey(key)) throw new DomainError("invalid_key_format", "The license key is malformed.");
  const snapshot = await loadLicenseSnapshot(
    db,
    params.vendorId
      ? and(eq(licenses.key, key), eq(licenses.vendorId, params.vendorId))
      : eq(licenses.key, key),
  );
  if (!snapshot) throw new DomainError("license_not_found", "The license was not found.");
  return { license: licenseView(snapshot, params.now), vendor: snapshot.vendor, snapshot };
}

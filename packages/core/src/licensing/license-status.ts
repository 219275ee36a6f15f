import type { StoredLicenseStatus } from "@keyway/db";

export type LicenseStatus = StoredLicenseStatus | "expired";

/**
 * The status a license reads as at `now`. `expired` is derived from `expires_at`, never stored,
 * so no sweeper is needed for correctness.
 */
export function licenseStatus(
  license: { status: StoredLicenseStatus; expiresAt: Date | null },
  now: Date = new Date(),
): LicenseStatus {
  if (license.status !== "active") return license.status;
  if (license.expiresAt && license.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

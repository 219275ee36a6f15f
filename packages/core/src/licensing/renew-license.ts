import { type DurationUnit, type Executor, eq, licenses } from "@keyway/db";
import { recordLicenseEvent } from "../events/record-event";
import { DomainError } from "../shared/errors";
import { checkLicenseAction } from "./license-actions";
import { lockLicense } from "./lock-license";
import { renewedExpiry } from "./renewability";

export interface RenewLicenseParams {
  licenseId: string;
  durationValue: number;
  durationUnit: DurationUnit;
  planId?: string | null;
  actor?: string;
  now?: Date;
}

/**
 * Extends a license by one period from the later of now and its current expiry, and
 * re-activates an expired one. Suspended and revoked licenses cannot be renewed.
 */
export async function renewLicense(tx: Executor, params: RenewLicenseParams) {
  const now = params.now ?? new Date();
  const license = await lockLicense(tx, params.licenseId);
  checkLicenseAction("renew", license.status);
  // The same date the renewal page showed before paying (`getRenewalOptions`).
  const expiresAt = renewedExpiry(license, params, now);
  const wasPending = license.status === "pending";
  const [updated] = await tx
    .update(licenses)
    .set({
      status: "active",
      expiresAt,
      // A term still waiting for its first use starts with the renewal.
      clockPending: false,
      renewedAt: now,
      activatedAt: license.activatedAt ?? now,
      startsAt: license.startsAt ?? now,
      durationValue: params.durationValue,
      durationUnit: params.durationUnit,
      planId: params.planId ?? license.planId,
      updatedAt: now,
    })
    .where(eq(licenses.id, license.id))
    .returning();
  if (!updated) throw new DomainError("internal", "License update returned nothing.");
  await recordLicenseEvent(tx, license, {
    type: wasPending ? "license.activated" : "license.renewed",
    actor: params.actor,
    data: {
      license_id: license.id,
      key: license.key,
      product_id: license.productId,
      status: "active",
      previous_expires_at: license.expiresAt?.toISOString() ?? null,
      expires_at: expiresAt.toISOString(),
    },
    now,
  });
  return updated;
}

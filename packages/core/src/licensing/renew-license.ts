import { type DurationUnit, type Executor, eq, licenses } from "@keyway/db";
import { recordLicenseEvent } from "../events/record-event";
import { addDuration } from "../shared/duration";
import { DomainError } from "../shared/errors";

export interface ActivateLicenseParams {
  licenseId: string;
  /** Validity starts here (default now); expiry is startsAt + duration unless given. */
  startsAt?: Date | null;
  durationValue?: number | null;
  durationUnit?: DurationUnit | null;
  expiresAt?: Date | null;
  actor?: string;
  now?: Date;
}

/** pending → active, when its order is paid. Locks the row; a second call is a no-op. */
export async function activateLicense(tx: Executor, params: ActivateLicenseParams) {
  const now = params.now ?? new Date();
  const [license] = await tx.select().from(licenses).where(eq(licenses.id, params.licenseId)).for("update");
  if (!license) throw new DomainError("license_not_found", "The license was not found.");
  if (license.status !== "pending") return license;
  const durationValue = params.durationValue ?? license.durationValue;
  const durationUnit = params.durationUnit ?? license.durationUnit;
  const startsAt = params.startsAt ?? now;
  const expiresAt =
    params.expiresAt !== undefined && params.expiresAt !== null
      ? params.expiresAt
      : durationValue && durationUnit
        ? addDuration(startsAt, durationValue, durationUnit)
        : null;
  const [updated] = await tx
    .update(licenses)
    .set({
      status: "active",
      activatedAt: now,
      startsAt,
      expiresAt,
      durationValue: durationValue ?? null,
      durationUnit: durationUnit ?? null,
      updatedAt: now,
    })
    .where(eq(licenses.id, license.id))
    .returning();
  if (!updated) throw new DomainError("internal", "License update returned nothing.");
  await recordLicenseEvent(tx, license, {
    type: "license.activated",
    actor: params.actor,
    data: {
      license_id: license.id,
      key: license.key,
      product_id: license.productId,
      status: "active",
      activated_at: now.toISOString(),
      expires_at: expiresAt?.toISOString() ?? null,
    },
    now,
  });
  return updated;
}

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
  const [license] = await tx.select().from(licenses).where(eq(licenses.id, params.licenseId)).for("update");
  if (!license) throw new DomainError("license_not_found", "The license was not found.");
  if (license.status === "revoked") throw new DomainError("license_revoked", "The license has been revoked.");
  if (license.status === "suspended") throw new DomainError("license_suspended", "The license is suspended.");
  const from = license.expiresAt && license.expiresAt > now ? license.expiresAt : now;
  const expiresAt = addDuration(from, params.durationValue, params.durationUnit);
  const wasPending = license.status === "pending";
  const [updated] = await tx
    .update(licenses)
    .set({
      status: "active",
      expiresAt,
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

import { type DurationUnit, type Executor, eq, licenses } from "@keyway/db";
import { announceAddonLicense } from "../entitlements/addon-base-licenses";
import { recordLicenseEvent } from "../events/record-event";
import { addDuration } from "../shared/duration";
import { DomainError } from "../shared/errors";
import { lockLicense } from "./lock-license";
import { grantedClockStartsAt } from "./start-clock";

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

/**
 * pending → active, when its order is paid. Locks the row; a second call is a no-op. Under a
 * `first_activation` policy a finite term with no dates given waits for the license's first use
 * (`clockPending`, no dates: start-clock.ts).
 */
export async function activateLicense(tx: Executor, params: ActivateLicenseParams) {
  const now = params.now ?? new Date();
  const license = await lockLicense(tx, params.licenseId);
  if (license.status !== "pending") return license;
  const durationValue = params.durationValue ?? license.durationValue;
  const durationUnit = params.durationUnit ?? license.durationUnit;
  const explicitExpiry = params.expiresAt ?? null;
  const clockPending =
    explicitExpiry === null &&
    !params.startsAt &&
    !!durationValue &&
    !!durationUnit &&
    (await grantedClockStartsAt(tx, license)) === "first_activation";
  const startsAt = clockPending ? null : (params.startsAt ?? now);
  const expiresAt =
    explicitExpiry ??
    (durationValue && durationUnit && startsAt ? addDuration(startsAt, durationValue, durationUnit) : null);
  const [updated] = await tx
    .update(licenses)
    .set({
      status: "active",
      activatedAt: now,
      startsAt,
      expiresAt,
      clockPending,
      durationValue: durationValue ?? null,
      durationUnit: durationUnit ?? null,
      updatedAt: now,
    })
    .where(eq(licenses.id, license.id))
    .returning();
  if (!updated) throw new DomainError("internal", "License update returned nothing.");
  // A paid add-on now grants its entitlements to the customer's license of its base product.
  await announceAddonLicense(tx, updated);
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

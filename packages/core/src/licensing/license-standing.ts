import { graceEndsAt, type TermStanding, termStanding } from "../lifecycle/expiry-policy";
import { DomainError } from "../shared/errors";
import type { LicenseSnapshot } from "./license-snapshot";
import { type LicenseStatus, licenseStatus } from "./license-status";

/**
 * Before expiry, perpetual, or its clock not started: the standing of nearly every verification,
 * one shared object so the hot path allocates nothing for it.
 */
export const CURRENT_TERM: TermStanding = Object.freeze({
  state: "current",
  expired: false,
  graceEndsAt: null,
  valid: true,
});

/**
 * Where a license stands in its term at `now` under its expiry policy (lifecycle/expiry-policy.ts
 * holds the rule; this only skips it while the term runs). Says nothing of suspension or
 * revocation: read `licenseStatus` for those.
 */
export function standingOf(snapshot: Pick<LicenseSnapshot, "license" | "policy">, now: Date): TermStanding {
  const expiresAt = snapshot.license.expiresAt;
  if (expiresAt === null || expiresAt.getTime() > now.getTime()) return CURRENT_TERM;
  return termStanding(snapshot.license, snapshot.policy, now);
}

/**
 * The status at `now` for an answer that has no `expired` flag (Biznoq's status): `active` while
 * the expiry policy keeps the license valid past its term (grace, `maintain`).
 */
export function statusUnderPolicy(
  snapshot: Pick<LicenseSnapshot, "license" | "policy">,
  now: Date,
): LicenseStatus {
  const status = licenseStatus(snapshot.license, now);
  return status === "expired" && standingOf(snapshot, now).valid ? "active" : status;
}

/** Why the license may not be used now, if it may not: its stored state, or its term under its policy. */
export function stateErrorOf(snapshot: LicenseSnapshot, standing: TermStanding): DomainError | null {
  const { status, expiresAt } = snapshot.license;
  if (status === "active") {
    if (standing.valid || !expiresAt) return null;
    // Past its term and its grace, under `restrict`.
    const details: Record<string, unknown> = { status: "expired", expiresAt: expiresAt.toISOString() };
    if (snapshot.policy.gracePeriodDays > 0)
      details.graceEndsAt = graceEndsAt(expiresAt, snapshot.policy).toISOString();
    return new DomainError("license_expired", "The license has expired.", details);
  }
  const details = { status, expiresAt: expiresAt?.toISOString() ?? null };
  switch (status) {
    case "pending":
      return new DomainError("license_pending", "The license is awaiting payment.", details);
    case "suspended":
      return new DomainError("license_suspended", "The license is suspended.", details);
    case "revoked":
      return new DomainError("license_revoked", "The license has been revoked.", details);
  }
}

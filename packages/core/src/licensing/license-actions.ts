import type { StoredLicenseStatus } from "@keyway/db";
import { type ErrorCode, LICENSE_ACTIONS, type LicenseAction } from "@keyway/schema";
import { DomainError } from "../shared/errors";

/**
 * What a vendor action does to a license in a stored state: the one rule behind both the
 * refusal (each action refuses through `checkLicenseAction`) and
 * the list of actions a license offers (`allowedLicenseActions`, shown by the console).
 */
export type LicenseActionVerdict =
  /** The action changes the license. */
  | { kind: "change" }
  /** A repeat (suspending a suspended license): nothing to do, and not an error. */
  | { kind: "unchanged" }
  | { kind: "refused"; code: ErrorCode; message: string };

const change: LicenseActionVerdict = { kind: "change" };
const unchanged: LicenseActionVerdict = { kind: "unchanged" };
const refused = (code: ErrorCode, message: string): LicenseActionVerdict => ({
  kind: "refused",
  code,
  message,
});
const revoked = refused("license_revoked", "The license has been revoked.");

/** Expiry does not matter here: an expired license is stored `active`, and may be renewed or extended. */
export function licenseActionVerdict(
  action: LicenseAction,
  status: StoredLicenseStatus,
): LicenseActionVerdict {
  if (status === "revoked") return action === "revoke" ? unchanged : revoked;
  switch (action) {
    case "suspend":
      if (status === "pending") return refused("conflict", "A pending license cannot be suspended.");
      return status === "suspended" ? unchanged : change;
    case "reinstate":
      if (status === "pending") return refused("conflict", "A pending license is activated by payment.");
      return status === "active" ? unchanged : change;
    case "revoke":
    case "extend":
    case "update":
    case "reissue_key":
      return change;
    case "renew":
      // A renewal of a pending license activates it (the first period of a subscription).
      return status === "suspended" ? refused("license_suspended", "The license is suspended.") : change;
  }
}

/**
 * Throws the DomainError of a refused action; otherwise tells whether it changes anything
 * (false for a repeat, which the caller answers without writing).
 */
export function checkLicenseAction(action: LicenseAction, status: StoredLicenseStatus): boolean {
  const verdict = licenseActionVerdict(action, status);
  if (verdict.kind === "refused") throw new DomainError(verdict.code, verdict.message);
  return verdict.kind === "change";
}

/** The vendor actions that would change a license in this state (the console offers only these). */
export function allowedLicenseActions(status: StoredLicenseStatus): LicenseAction[] {
  return LICENSE_ACTIONS.filter((action) => licenseActionVerdict(action, status).kind === "change");
}

/**
 * Whether the vendor's `renew` is taken in this state. A customer's renewal order has its own,
 * stricter rule (renewability.ts: not pending, not perpetual, not renewed by a subscription).
 */
export function isRenewable(status: StoredLicenseStatus): boolean {
  return licenseActionVerdict("renew", status).kind === "change";
}

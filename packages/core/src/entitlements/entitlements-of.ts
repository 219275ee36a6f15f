import { DomainError } from "../shared/errors";
import { type AddonGrant, compareCodes } from "./snapshot-entitlements";

/** The parts of a verification snapshot that say what a license grants. */
export interface GrantingSnapshot {
  /** Its product's, its plan's and its own grants' codes, sorted. */
  entitlements: readonly string[];
  /** The customer's licenses of add-ons of its product, whatever their state. */
  addons: readonly AddonGrant[];
}

/** An add-on license grants its codes while it is active and not past its expiry. */
function addonGrants(addon: AddonGrant, now: Date): boolean {
  return addon.status === "active" && (addon.expiresAt === null || addon.expiresAt.getTime() > now.getTime());
}

/**
 * A license's effective entitlement codes, sorted: its product's + its plan's + its own grants +
 * those of the customer's active add-on licenses whose add-on belongs to its product. A fresh
 * array (the snapshot's may be shared by the verification cache).
 */
export function entitlementsOf(snapshot: GrantingSnapshot, now: Date = new Date()): string[] {
  const granting = snapshot.addons.filter((a) => addonGrants(a, now));
  if (granting.length === 0) return snapshot.entitlements.slice();
  const codes = new Set(snapshot.entitlements);
  for (const addon of granting) for (const code of addon.entitlements) codes.add(code);
  return [...codes].sort(compareCodes);
}

/** The required codes the license lacks, in the order asked (each once). */
export function missingEntitlements(granted: readonly string[], required: readonly string[]): string[] {
  const have = new Set(granted);
  return [...new Set(required)].filter((code) => !have.has(code));
}

/** The 403 of a verification that requires codes the license lacks; null when it grants them all. */
export function requiredEntitlementsError(
  granted: readonly string[],
  required: readonly string[] | null | undefined,
): DomainError | null {
  if (!required || required.length === 0) return null;
  const missing = missingEntitlements(granted, required);
  if (missing.length === 0) return null;
  const words = missing.length === 1 ? "the entitlement" : "the entitlements";
  return new DomainError(
    "entitlements_missing",
    `The license does not grant ${words} ${missing.join(", ")}.`,
    {
      missing,
    },
  );
}

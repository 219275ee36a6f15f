import type { Database } from "@keyway/db";
import { isPlausibleKey, MAX_KEY_LENGTH, normaliseKey } from "@keyway/schema";
import { DomainError } from "../shared/errors";
import type { SecretBox } from "../shared/secrets";
import { loadLicenseSnapshotByKey } from "./license-snapshot";
import { releaseSeat } from "./seats";
import { type BindingScope, keyFits, normaliseScopeValue, validateLicense } from "./verify-license";

/**
 * A license key's seats, taken and freed by the customer's software (native activate and
 * deactivate): verification (verify-license.ts) that binds any free seat, and its undoing.
 */

export interface ActivateSeatParams {
  key: string;
  scope: BindingScope;
  certificate?: { secrets: SecretBox } | null;
  entitlements?: readonly string[] | null;
  actor?: string;
  now?: Date;
}

/** Takes a seat for a domain, serial or fingerprint (idempotent for a value already bound). */
export async function activateSeat(db: Database, params: ActivateSeatParams) {
  return validateLicense(db, { ...params, bindMode: "seat" });
}

export interface DeactivateSeatParams {
  key: string;
  scope: BindingScope;
  actor?: string;
  now?: Date;
}

/** Frees the seat bound to this value. Releasing a seat that is not bound changes nothing. */
export async function deactivateSeat(db: Database, params: DeactivateSeatParams) {
  const now = params.now ?? new Date();
  const key = normaliseKey(typeof params.key === "string" ? params.key.slice(0, MAX_KEY_LENGTH + 1) : "");
  if (!isPlausibleKey(key)) throw new DomainError("invalid_key_format", "The license key is malformed.");
  const normalised = normaliseScopeValue(params.scope);
  if (!normalised.ok) {
    throw new DomainError("invalid_input", `Invalid ${params.scope.kind}: ${normalised.reason}.`, {
      field: params.scope.kind,
    });
  }
  const snapshot = await loadLicenseSnapshotByKey(db, key);
  if (!snapshot || !keyFits(snapshot, key)) {
    throw new DomainError("license_not_found", "The license was not found.");
  }
  const seat = snapshot.activations.find((a) => a.value === normalised.value && a.kind === params.scope.kind);
  if (!seat) return { released: false, snapshot };
  const released = await db.transaction((tx) =>
    releaseSeat(tx, { licenseId: snapshot.license.id, activationId: seat.id, actor: params.actor, now }),
  );
  return {
    released,
    snapshot: { ...snapshot, activations: snapshot.activations.filter((a) => a.id !== seat.id) },
  };
}

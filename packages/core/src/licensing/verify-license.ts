import type { BindingKind, Database, ProductKind } from "@keyway/db";
import {
  developmentHost,
  isDevelopmentDomain,
  isPlausibleKey,
  MAX_KEY_LENGTH,
  matchesKeyFormat,
  normaliseBinding,
  normaliseKey,
} from "@keyway/schema";
import { certificateForSnapshot } from "../certificates/issue-certificate";
import { entitlementsOf, requiredEntitlementsError } from "../entitlements/entitlements-of";
import type { TermStanding } from "../lifecycle/expiry-policy";
import { DomainError } from "../shared/errors";
import type { SecretBox } from "../shared/secrets";
import { latestSeatOf, seatDeadError } from "./dead-seats";
import { noteVerified } from "./last-verified";
import type { ActivationRow, LicenseSnapshot } from "./license-snapshot";
import { standingOf, stateErrorOf } from "./license-standing";
import { heartbeatWindowMs, withLiveSeats } from "./seat-liveness";
import { takeSeat } from "./seats";
import { startLicenseClock } from "./start-clock";
import { productLicense, snapshotByKey, verificationCacheOf } from "./verification-cache-reads";

/**
 * Verification: the hot path. A verification reads the license's snapshot (license + product +
 * plan + vendor + live seats) from the verification cache, or from ONE indexed query on a miss
 * (license-snapshot.ts, verification-cache.ts), and writes nothing on the request: it writes only
 * to bind a seat, or to start a term that waits for its first use (start-clock.ts).
 * `last_verified_at` (refreshed at most once per LAST_VERIFIED_RESOLUTION_MS per license and seat)
 * is written in batches by last-verified.ts. Past its expiry a license answers by its expiry policy
 * (license-standing.ts): valid in grace or under `maintain`, with the standing in the outcome.
 */

export const LAST_VERIFIED_RESOLUTION_MS = 60_000;

/** Where the license is being used, as the client sent it (normalised here). */
export interface BindingScope {
  kind: BindingKind;
  value: string;
  /** A name for a seat this takes (an air-gapped request's `name`); the value as sent by default. */
  label?: string | undefined;
}

export interface VerifyLicenseParams {
  key: string;
  scope?: BindingScope | null;
  /** The key must belong to this product (Blenddoit's `software_id`). */
  product?: { kind: ProductKind; number: number } | null;
  /** `first` (default): bind only an unbound license. `seat`: take any free seat (activate). */
  bindMode?: "first" | "seat";
  /** Sign a certificate of the result with the vendor's key. */
  certificate?: { secrets: SecretBox } | null;
  /** Entitlement codes the license must grant (403 `entitlements_missing` naming those it lacks). */
  entitlements?: readonly string[] | null;
  actor?: string;
  now?: Date;
}

export type VerificationOutcome =
  | {
      ok: true;
      snapshot: LicenseSnapshot;
      /** The seat this request matched or took (null without a scope). */
      activation: ActivationRow | null;
      /** This request bound a new seat. */
      bound: boolean;
      /** A development or staging domain: verified without binding or counting a seat (dev-domains.ts). */
      development: boolean;
      /** Its effective entitlement codes, sorted (entitlements/entitlements-of.ts). */
      entitlements: string[];
      certificate: string | null;
      verifiedAt: Date;
      /**
       * Where the license stands in its term: `current`, or past its expiry and still valid by its
       * policy (`grace` until `graceEndsAt`, or `maintained`), answered with `expired: true`.
       */
      standing: TermStanding;
    }
  | {
      ok: false;
      error: DomainError;
      /** The license, when the failure is about its state or binding. */
      snapshot: LicenseSnapshot | null;
      /** For `binding_mismatch`: the normalised value requested. */
      requested?: string;
    };

/**
 * Checks a key (and optionally where it is used) and answers with an outcome rather than
 * throwing, so each surface can shape its own error body from the license's facts.
 * Order: key shape → scope shape → product → license → state → binding.
 */
export async function verifyLicense(db: Database, params: VerifyLicenseParams): Promise<VerificationOutcome> {
  const now = params.now ?? new Date();

  const key = normaliseKey(typeof params.key === "string" ? params.key.slice(0, MAX_KEY_LENGTH + 1) : "");
  if (!isPlausibleKey(key))
    return fail(new DomainError("invalid_key_format", "The license key is malformed."));

  let scope: { kind: BindingKind; value: string; label: string } | null = null;
  if (params.scope) {
    const normalised = normaliseScopeValue(params.scope);
    if (!normalised.ok) {
      return fail(
        new DomainError("invalid_input", `Invalid ${params.scope.kind}: ${normalised.reason}.`, {
          field: params.scope.kind,
        }),
      );
    }
    scope = {
      kind: params.scope.kind,
      value: normalised.value,
      label: (params.scope.label?.trim() || params.scope.value.trim()).slice(0, 256),
    };
  }

  let snapshot: LicenseSnapshot | null;
  if (params.product) {
    const found = await productLicense(db, { ...params.product, key });
    if (!found) return fail(new DomainError("not_found", "Product not found.", { field: "product" }));
    if (found.snapshot ? !keyFits(found.snapshot, key) : !matchesKeyFormat(found.product.keyFormat, key)) {
      return fail(
        new DomainError("invalid_key_format", "The license key does not match the product's format."),
      );
    }
    snapshot = found.snapshot;
  } else {
    snapshot = await snapshotByKey(db, key);
    // A key in the wrong shape for its product cannot be one we issued.
    if (snapshot && !keyFits(snapshot, key)) snapshot = null;
  }
  if (!snapshot) return fail(new DomainError("license_not_found", "The license was not found."));

  const standing = standingOf(snapshot, now);
  const stateError = stateErrorOf(snapshot, standing);
  if (stateError) return fail(stateError, snapshot);
  const entitlements = entitlementsOf(snapshot, now);
  const lacking = requiredEntitlementsError(entitlements, params.entitlements);
  if (lacking) return fail(lacking, snapshot);

  // Floating seats past their heartbeat window no longer count (seat-liveness.ts).
  const seats = await withLiveSeats(db, snapshot, now);
  snapshot = seats.snapshot;

  let activation: ActivationRow | null = null;
  let bound = false;
  let development = false;
  if (scope) {
    if (scope.kind !== snapshot.license.bindingKind) {
      return fail(
        new DomainError(
          "invalid_input",
          `This license binds to a ${snapshot.license.bindingKind}, not a ${scope.kind}.`,
          { field: scope.kind, bindingKind: snapshot.license.bindingKind },
        ),
        snapshot,
      );
    }
    const value = scope.value;
    development = scope.kind === "domain" && isDevelopmentDomain(value, snapshot.product.devDomainPatterns);
    activation = development ? null : (snapshot.activations.find((a) => a.value === value) ?? null);
    if (!activation && !development) {
      const mode = params.bindMode ?? "first";
      // A floating seat that died (found or not yet) is not bound again by a validation.
      if (
        mode === "first" &&
        (seats.overdue.some((a) => a.value === value) ||
          (heartbeatWindowMs(snapshot.product) !== null &&
            (await latestSeatOf(db, snapshot.license.id, value))?.dead))
      ) {
        return fail(seatDeadError(value), snapshot, value);
      }
      const canBind =
        mode === "seat"
          ? snapshot.activations.length < snapshot.license.maxSeats
          : snapshot.activations.length === 0;
      if (!canBind) return fail(mismatchError(snapshot, mode, value), snapshot, value);
      const licenseId = snapshot.license.id;
      const taken = await db.transaction((tx) =>
        takeSeat(tx, {
          licenseId,
          kind: scope.kind,
          value,
          label: scope.label,
          mode,
          actor: params.actor,
          now,
        }),
      );
      if (!taken.ok) {
        const fresh = { ...snapshot, activations: taken.activations };
        return fail(mismatchError(fresh, mode, value), fresh, value);
      }
      snapshot = { ...snapshot, activations: taken.activations };
      activation = taken.activation;
      bound = taken.created;
    }
  }

  // The first successful use of a license whose term waits for it starts the term.
  if (snapshot.license.clockPending) {
    snapshot.license = await startLicenseClock(db, { license: snapshot.license, actor: params.actor, now });
  }

  touchLastVerified(db, snapshot, activation, now);
  const certificate = params.certificate
    ? await certificateForSnapshot(
        db,
        params.certificate.secrets,
        snapshot,
        activation ? { kind: activation.kind, value: activation.value } : null,
        now,
      )
    : null;
  return {
    ok: true,
    snapshot,
    activation,
    bound,
    development,
    entitlements,
    certificate,
    verifiedAt: now,
    standing,
  };
}

/**
 * A key in the wrong shape for its product cannot be one we issued; a key moved in from another
 * system (licensing/import) keeps the shape the vendor used.
 */
export function keyFits(snapshot: LicenseSnapshot, key: string): boolean {
  return snapshot.license.importedAt !== null || matchesKeyFormat(snapshot.product.keyFormat, key);
}

/**
 * A binding value in its canonical form. A domain that is not a domain name but a development
 * address (`localhost`, a private IP literal) is kept as its host: it verifies without a seat.
 */
export function normaliseScopeValue(scope: BindingScope) {
  const normalised = normaliseBinding(scope.kind, scope.value);
  if (normalised.ok || scope.kind !== "domain") return normalised;
  const host = developmentHost(scope.value);
  return host ? { ok: true as const, value: host } : normalised;
}

/** A failed outcome (module-level: the hot path allocates no closures). */
function fail(
  error: DomainError,
  snapshot: LicenseSnapshot | null = null,
  requested?: string,
): Extract<VerificationOutcome, { ok: false }> {
  return requested === undefined ? { ok: false, error, snapshot } : { ok: false, error, snapshot, requested };
}

/** The same check, throwing the DomainError on failure (the native API and tRPC). */
export async function validateLicense(db: Database, params: VerifyLicenseParams) {
  const outcome = await verifyLicense(db, params);
  if (!outcome.ok) throw outcome.snapshot ? outcome.error.about(outcome.snapshot.vendor.id) : outcome.error;
  return outcome;
}

function mismatchError(snapshot: LicenseSnapshot, mode: "first" | "seat", requested: string): DomainError {
  const registered = snapshot.activations.map((a) => a.value);
  if (mode === "seat") {
    return new DomainError("seat_limit_reached", "Every seat of this license is in use.", {
      maxSeats: snapshot.license.maxSeats,
      registered,
      requested,
    });
  }
  return new DomainError(
    "binding_mismatch",
    `The license is not registered for this ${snapshot.license.bindingKind}.`,
    {
      registered,
      requested,
    },
  );
}

function isStale(seen: Date | null, now: Date): boolean {
  return !seen || now.getTime() - seen.getTime() >= LAST_VERIFIED_RESOLUTION_MS;
}

/** Moves `last_verified_at` in the answer now and in the database with the next batch (last-verified.ts). */
function touchLastVerified(
  db: Database,
  snapshot: LicenseSnapshot,
  activation: ActivationRow | null,
  now: Date,
) {
  const licenseStale = isStale(snapshot.license.lastVerifiedAt, now);
  const activationStale = activation !== null && isStale(activation.lastVerifiedAt, now);
  if (!licenseStale && !activationStale) return;
  if (licenseStale) snapshot.license = { ...snapshot.license, lastVerifiedAt: now };
  if (activation && activationStale) activation.lastVerifiedAt = now;
  const seat = activationStale && activation ? activation.id : null;
  noteVerified(db, snapshot.license.id, seat, now);
  verificationCacheOf(db)?.touch(
    snapshot.license.key,
    licenseStale ? now : null,
    seat ? { id: seat, at: now } : null,
  );
}

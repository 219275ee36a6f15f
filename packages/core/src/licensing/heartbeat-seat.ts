import { activations, and, type Database, eq, getTableColumns, isNull, sql } from "@keyway/db";
import {
  isDevelopmentDomain,
  isPlausibleKey,
  MAX_KEY_LENGTH,
  matchesKeyFormat,
  normaliseKey,
} from "@keyway/schema";
import { DomainError } from "../shared/errors";
import { latestSeatOf, markSeatsDead, seatDeadError } from "./dead-seats";
import { lastVerifiedAtOf } from "./last-verified";
import type { ActivationRow, LicenseSnapshot } from "./license-snapshot";
import { standingOf, stateErrorOf } from "./license-standing";
import { lockLicense } from "./lock-license";
import { deadCutoff, seatDeadline } from "./seat-liveness";
import { snapshotByKey } from "./verification-cache-reads";
import { type BindingScope, normaliseScopeValue } from "./verify-license";

/**
 * `POST /licenses/heartbeat`: keeps a seat alive. One indexed UPDATE of `heartbeat_at`, guarded
 * by the seat's window in the database (a seat found dead by an activation or the sweep stays
 * dead). The trigger of migration 0010 ignores `heartbeat_at`, so a beat makes no process forget
 * the license. A dead seat answers `seat_dead` (and is marked dead, `activation.dead`, if nobody
 * had yet); a value that holds no seat answers `not_activated`: the client activates again.
 */

export interface HeartbeatSeatParams {
  key: string;
  scope: BindingScope;
  now?: Date;
}

export interface HeartbeatResult {
  snapshot: LicenseSnapshot;
  /** The seat kept alive (null on a development domain, which holds none). */
  activation: ActivationRow | null;
  development: boolean;
  /** When the seat dies without another beat (null: node-locked, or development). */
  nextHeartbeatBy: Date | null;
}

export async function heartbeatSeat(db: Database, params: HeartbeatSeatParams): Promise<HeartbeatResult> {
  const now = params.now ?? new Date();
  const key = normaliseKey(typeof params.key === "string" ? params.key.slice(0, MAX_KEY_LENGTH + 1) : "");
  if (!isPlausibleKey(key)) throw new DomainError("invalid_key_format", "The license key is malformed.");
  const normalised = normaliseScopeValue(params.scope);
  if (!normalised.ok) {
    throw new DomainError("invalid_input", `Invalid ${params.scope.kind}: ${normalised.reason}.`, {
      field: params.scope.kind,
    });
  }
  const value = normalised.value;
  const snapshot = await snapshotByKey(db, key);
  if (!snapshot || !matchesKeyFormat(snapshot.product.keyFormat, key)) {
    throw new DomainError("license_not_found", "The license was not found.");
  }
  const vendorId = snapshot.vendor.id;
  const stateError = stateErrorOf(snapshot, standingOf(snapshot, now));
  if (stateError) throw stateError.about(vendorId);
  if (params.scope.kind !== snapshot.license.bindingKind) {
    throw new DomainError(
      "invalid_input",
      `This license binds to a ${snapshot.license.bindingKind}, not a ${params.scope.kind}.`,
      { field: params.scope.kind, bindingKind: snapshot.license.bindingKind },
    ).about(vendorId);
  }
  if (params.scope.kind === "domain" && isDevelopmentDomain(value, snapshot.product.devDomainPatterns)) {
    return { snapshot, activation: null, development: true, nextHeartbeatBy: null };
  }

  const licenseId = snapshot.license.id;
  const cutoff = deadCutoff(snapshot.product, now);
  const alive = and(
    eq(activations.licenseId, licenseId),
    eq(activations.value, value),
    isNull(activations.deactivatedAt),
    cutoff
      ? sql`coalesce(${activations.heartbeatAt}, ${activations.activatedAt}) >= ${cutoff.toISOString()}::timestamptz`
      : undefined,
  );
  const [row] = await db
    .update(activations)
    .set({
      heartbeatAt: sql`greatest(coalesce(${activations.heartbeatAt}, ${now.toISOString()}::timestamptz), ${now.toISOString()}::timestamptz)`,
    })
    .where(alive)
    .returning({ ...getTableColumns(activations), lastVerifiedAt: lastVerifiedAtOf(activations.id) });
  if (row) {
    const activation: ActivationRow = {
      id: row.id,
      kind: row.kind,
      value: row.value,
      label: row.label,
      activatedAt: row.activatedAt,
      lastVerifiedAt: row.lastVerifiedAt,
      heartbeatAt: row.heartbeatAt,
    };
    return {
      snapshot,
      activation,
      development: false,
      nextHeartbeatBy: seatDeadline(activation, snapshot.product),
    };
  }
  throw (await whyNoSeat(db, licenseId, value, now)).about(vendorId);
}

/** The error for a beat that kept nothing alive: a dead seat (marked now if nobody had), or none. */
async function whyNoSeat(db: Database, licenseId: string, value: string, now: Date): Promise<DomainError> {
  const latest = await latestSeatOf(db, licenseId, value);
  if (latest?.held) {
    // Live in the database yet past its window: found dead by this beat.
    await db.transaction(async (tx) => {
      await lockLicense(tx, licenseId);
      await markSeatsDead(tx, { activationIds: [latest.id], now });
    });
  }
  if (latest?.held || latest?.dead) return seatDeadError(value);
  return new DomainError("not_activated", "This license holds no seat here: activate it first.", {
    requested: value,
  });
}

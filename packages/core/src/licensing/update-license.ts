import {
  activations,
  and,
  type Database,
  eq,
  isNull,
  licenses,
  plans,
  sql,
  type Transaction,
} from "@keyway/db";
import {
  jsonByteLength,
  LICENSE_METADATA_MAX_BYTES,
  LICENSE_NAME_MAX_LENGTH,
  type License,
} from "@keyway/schema";
import { recordLicenseEvent } from "../events/record-event";
import { DomainError } from "../shared/errors";
import { lockVendorLicense, vendorLicenseView } from "./change-license-state";
import { lastVerifiedAtOf } from "./last-verified";
import { checkLicenseAction } from "./license-actions";
import { releaseSeat } from "./seats";

export interface UpdateLicenseParams {
  vendorId: string;
  licenseId: string;
  /** The new expiry (past or future; null = perpetual), set as `extendLicense` sets it. */
  expiresAt?: Date | null | undefined;
  /** The seat limit: never below the seats in use unless `releaseExtra`. */
  maxSeats?: number | undefined;
  /** Release the least recently seen seats down to `maxSeats` instead of refusing. */
  releaseExtra?: boolean | undefined;
  /** Another plan of the license's product, not archived. */
  planId?: string | undefined;
  /** The vendor's own JSON (≤ 8 KB serialized); null clears it. */
  metadata?: Record<string, unknown> | null | undefined;
  /** The vendor's own name for the license (≤ 200 characters); null or blank clears it. */
  name?: string | null | undefined;
  reason?: string | undefined;
  actor?: string | undefined;
  now?: Date;
}

type LicenseRow = typeof licenses.$inferSelect;
type Change = { from: unknown; to: unknown } | { changed: true };

/**
 * `PATCH /licenses/{id}`: every field given changes in one transaction on the locked license,
 * announced as one `license.updated` event (`changes: { field: { from, to } }`; metadata only
 * says it changed). Fields given with the value they already have are not changes; a request
 * that changes nothing writes nothing.
 */
export async function updateLicense(db: Database, params: UpdateLicenseParams): Promise<License> {
  const now = params.now ?? new Date();
  checkInput(params);
  await db.transaction(async (tx) => {
    const license = await lockVendorLicense(tx, params.vendorId, params.licenseId);
    // A revoked license is over: none of its fields change any more.
    checkLicenseAction("update", license.status);
    const set: Partial<typeof licenses.$inferInsert> = {};
    const changes: Record<string, Change> = {};

    if (params.expiresAt !== undefined && !sameTime(params.expiresAt, license.expiresAt)) {
      set.expiresAt = params.expiresAt;
      set.clockPending = false;
      changes.expires_at = { from: iso(license.expiresAt), to: iso(params.expiresAt) };
    }
    if (params.planId !== undefined && params.planId !== license.planId) {
      await checkPlan(tx, license, params.planId);
      set.planId = params.planId;
      changes.plan_id = { from: license.planId, to: params.planId };
    }
    if (params.name !== undefined) {
      const name = params.name?.trim() || null;
      if (name !== license.name) {
        set.name = name;
        changes.name = { from: license.name, to: name };
      }
    }
    if (params.metadata !== undefined && !sameJson(params.metadata, license.metadata ?? null)) {
      set.metadata = params.metadata;
      changes.metadata = { changed: true };
    }
    let released: string[] = [];
    if (params.maxSeats !== undefined && params.maxSeats !== license.maxSeats) {
      released = await fitSeats(tx, license, params.maxSeats, params.releaseExtra === true, params, now);
      set.maxSeats = params.maxSeats;
      changes.max_seats = { from: license.maxSeats, to: params.maxSeats };
    }
    if (Object.keys(changes).length === 0) return;

    await tx
      .update(licenses)
      .set({ ...set, updatedAt: now })
      .where(eq(licenses.id, license.id));
    await recordLicenseEvent(tx, license, {
      type: "license.updated",
      actor: params.actor,
      data: {
        license_id: license.id,
        key: license.key,
        changes,
        ...(released.length > 0 ? { released_activation_ids: released } : {}),
        reason: params.reason ?? null,
      },
      now,
    });
  });
  return vendorLicenseView(db, params.vendorId, params.licenseId, now);
}

/** The rules every surface shares, checked before any lock (the schema checks the same limits). */
function checkInput(params: UpdateLicenseParams): void {
  if (params.expiresAt && Number.isNaN(params.expiresAt.getTime())) {
    throw new DomainError("invalid_input", "expiresAt is not a valid date.", { field: "expiresAt" });
  }
  if (params.maxSeats !== undefined && (!Number.isInteger(params.maxSeats) || params.maxSeats < 1)) {
    throw new DomainError("invalid_input", "maxSeats must be a whole number of at least 1.", {
      field: "maxSeats",
    });
  }
  if (params.name && params.name.trim().length > LICENSE_NAME_MAX_LENGTH) {
    throw new DomainError("invalid_input", `name takes at most ${LICENSE_NAME_MAX_LENGTH} characters.`, {
      field: "name",
    });
  }
  if (params.metadata != null) {
    if (typeof params.metadata !== "object" || Array.isArray(params.metadata)) {
      throw new DomainError("invalid_input", "metadata must be a JSON object.", { field: "metadata" });
    }
    if (jsonByteLength(params.metadata) > LICENSE_METADATA_MAX_BYTES) {
      throw new DomainError(
        "invalid_input",
        `metadata takes at most ${LICENSE_METADATA_MAX_BYTES} bytes as JSON.`,
        { field: "metadata", maxBytes: LICENSE_METADATA_MAX_BYTES },
      );
    }
  }
}

/** A plan of the license's own product (same vendor), not archived. */
async function checkPlan(tx: Transaction, license: LicenseRow, planId: string): Promise<void> {
  const [plan] = await tx
    .select({ id: plans.id, archivedAt: plans.archivedAt })
    .from(plans)
    .where(
      and(eq(plans.id, planId), eq(plans.vendorId, license.vendorId), eq(plans.productId, license.productId)),
    );
  if (!plan) {
    throw new DomainError("invalid_input", "planId is not a plan of this license's product.", {
      field: "planId",
    });
  }
  if (plan.archivedAt) {
    throw new DomainError("invalid_input", "That plan is archived.", { field: "planId" });
  }
}

/**
 * Makes the seats in use fit `maxSeats`: refused (409) when more are in use, unless `releaseExtra`
 * releases the least recently seen ones through the seat release every surface uses (each
 * release recorded and announced). Seats found dead (floating seats) do not count. Answers the
 * released seats' ids.
 */
async function fitSeats(
  tx: Transaction,
  license: LicenseRow,
  maxSeats: number,
  releaseExtra: boolean,
  params: UpdateLicenseParams,
  now: Date,
): Promise<string[]> {
  const lastSeen = sql`greatest(${activations.heartbeatAt}, ${lastVerifiedAtOf(activations.id)}, ${activations.activatedAt})`;
  const seats = await tx
    .select({ id: activations.id })
    .from(activations)
    .where(
      and(
        eq(activations.licenseId, license.id),
        isNull(activations.deactivatedAt),
        isNull(activations.deadAt),
      ),
    )
    .orderBy(lastSeen, activations.id);
  const extra = seats.length - maxSeats;
  if (extra <= 0) return [];
  if (!releaseExtra) {
    throw new DomainError(
      "conflict",
      `${seats.length} seats are in use: release ${extra} first, or send releaseExtra: true to release the least recently seen.`,
      { field: "maxSeats", seatsUsed: seats.length, maxSeats },
    );
  }
  const released: string[] = [];
  for (const seat of seats.slice(0, extra)) {
    const done = await releaseSeat(tx, {
      licenseId: license.id,
      activationId: seat.id,
      actor: params.actor,
      now,
    });
    if (done) released.push(seat.id);
  }
  return released;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;
const sameTime = (a: Date | null, b: Date | null) =>
  a === null || b === null ? a === b : a.getTime() === b.getTime();
/** Equal as JSON, whatever the order of keys (jsonb keeps its own order). */
const sameJson = (a: unknown, b: unknown) => canonical(a) === canonical(b);
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

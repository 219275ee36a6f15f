import {
  activations,
  and,
  type BindingKind,
  type Executor,
  eq,
  isNull,
  lastVerified,
  sql,
  type Transaction,
} from "@keyway/db";
import { recordLicenseEvent } from "../events/record-event";
import { queueLicenseMoved } from "../messages/license-moved";
import { DomainError } from "../shared/errors";
import { markSeatsDead, seatPolicyOf } from "./dead-seats";
import { lastVerifiedAtOf } from "./last-verified";
import type { ActivationRow } from "./license-snapshot";
import { lockLicense } from "./lock-license";
import { isSeatOverdue } from "./seat-liveness";

/**
 * Seats: binding a license to a domain, serial or fingerprint, and releasing one. Every change
 * holds the license's row lock, so parallel requests never take more seats than the license has.
 */

export type SeatResult =
  | { ok: true; activation: ActivationRow; activations: ActivationRow[]; created: boolean }
  | { ok: false; activations: ActivationRow[] };

/**
 * Takes a seat under a row lock on the license, so N parallel requests on k free seats give
 * exactly k seats. Idempotent: a value already bound returns its seat. A floating seat past its
 * heartbeat window is free: it is marked dead (`activation.dead`) first, and its machine, coming
 * back, takes a new seat if one is free.
 */
export async function takeSeat(
  tx: Transaction,
  params: {
    licenseId: string;
    kind: BindingKind;
    value: string;
    label: string;
    mode: "first" | "seat";
    actor?: string | undefined;
    now: Date;
  },
): Promise<SeatResult> {
  const license = await lockLicense(tx, params.licenseId);
  let live = await liveSeats(tx, license.id);
  const policy = await seatPolicyOf(tx, license.productId);
  const overdue = live.filter((a) => isSeatOverdue(a, policy, params.now));
  if (overdue.length > 0) {
    const dead = await markSeatsDead(tx, {
      activationIds: overdue.map((a) => a.id),
      now: params.now,
      actor: params.actor,
    });
    const gone = new Set(dead.map((d) => d.id));
    live = live.filter((a) => !gone.has(a.id));
  }
  const existing = live.find((a) => a.value === params.value);
  if (existing) return { ok: true, activation: existing, activations: live, created: false };
  const free = params.mode === "seat" ? live.length < license.maxSeats : live.length === 0;
  if (!free) return { ok: false, activations: live };
  // The seat and its first "last verified" (it was verified when it was taken), in one statement.
  const seat = tx.$with("seat").as(
    tx
      .insert(activations)
      .values({
        vendorId: license.vendorId,
        licenseId: license.id,
        kind: params.kind,
        value: params.value,
        label: params.label || params.value,
        activatedAt: params.now,
      })
      .returning(),
  );
  const verified = tx.$with("verified").as(
    tx
      .insert(lastVerified)
      .select(
        tx.select({ id: seat.id, at: sql`${params.now.toISOString()}::timestamptz`.as("at") }).from(seat),
      )
      .returning({ id: lastVerified.id }),
  );
  const [row] = await tx.with(seat, verified).select().from(seat);
  if (!row) throw new DomainError("internal", "Activation insert returned nothing.");
  const activation: ActivationRow = {
    id: row.id,
    kind: row.kind,
    value: row.value,
    label: row.label,
    activatedAt: row.activatedAt,
    lastVerifiedAt: params.now,
    heartbeatAt: row.heartbeatAt,
  };
  const bound = await recordLicenseEvent(tx, license, {
    type: "license.bound",
    actor: params.actor,
    data: {
      license_id: license.id,
      key: license.key,
      activation_id: row.id,
      kind: row.kind,
      value: row.value,
      label: row.label,
      seats_used: live.length + 1,
      max_seats: license.maxSeats,
    },
    now: params.now,
  });
  // Moved from a released seat to this one: the customer hears of it (messages/license-moved.ts).
  await queueLicenseMoved(tx, { license, activation: row, eventId: bound.eventId, now: params.now });
  return { ok: true, activation, activations: [...live, activation], created: true };
}

async function liveSeats(tx: Executor, licenseId: string): Promise<ActivationRow[]> {
  const rows = await tx
    .select({
      id: activations.id,
      kind: activations.kind,
      value: activations.value,
      label: activations.label,
      activatedAt: activations.activatedAt,
      lastVerifiedAt: lastVerifiedAtOf(activations.id),
      heartbeatAt: activations.heartbeatAt,
    })
    .from(activations)
    .where(and(eq(activations.licenseId, licenseId), isNull(activations.deactivatedAt)))
    .orderBy(activations.activatedAt, activations.id);
  return rows;
}

/** Marks one live seat released, under the license's row lock, and records `license.released`. */
export async function releaseSeat(
  tx: Transaction,
  params: { licenseId: string; activationId: string; actor?: string | undefined; now: Date },
): Promise<boolean> {
  const license = await lockLicense(tx, params.licenseId);
  const [row] = await tx
    .update(activations)
    .set({ deactivatedAt: params.now })
    .where(
      and(
        eq(activations.id, params.activationId),
        eq(activations.licenseId, license.id),
        isNull(activations.deactivatedAt),
      ),
    )
    .returning();
  if (!row) return false;
  await recordLicenseEvent(tx, license, {
    type: "license.released",
    actor: params.actor,
    data: {
      license_id: license.id,
      key: license.key,
      activation_id: row.id,
      kind: row.kind,
      value: row.value,
    },
    now: params.now,
  });
  return true;
}

import {
  activations,
  and,
  type Database,
  desc,
  eq,
  getTableColumns,
  isNotNull,
  isNull,
  licenses,
  products,
} from "@keyway/db";
import type { LicenseSeat, LicenseSeatList } from "@keyway/schema";
import { DomainError } from "../shared/errors";
import { lastVerifiedAtOf } from "./last-verified";
import { isSeatOverdue, type SeatPolicy, seatDeadline } from "./seat-liveness";

/** Dead or released seats shown beside the live ones, most recent first. */
export const PAST_SEATS_SHOWN = 50;

const seatColumns = { ...getTableColumns(activations), lastVerifiedAt: lastVerifiedAtOf(activations.id) };
type SeatRow = typeof activations.$inferSelect & { lastVerifiedAt: Date | null };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * A license's seats as its vendor sees them: live ones (oldest first) with their last heartbeat
 * and deadline, then the most recent dead (missed their heartbeat window) and released ones. A
 * floating seat past its window that no activation or sweep has marked yet shows as dead.
 */
export async function listLicenseSeats(
  db: Database,
  params: { vendorId: string; licenseId: string; now?: Date },
): Promise<LicenseSeatList> {
  const now = params.now ?? new Date();
  const [license] = await db
    .select({
      maxSeats: licenses.maxSeats,
      seatMode: products.seatMode,
      heartbeatSeconds: products.heartbeatSeconds,
    })
    .from(licenses)
    .innerJoin(products, eq(products.id, licenses.productId))
    .where(and(eq(licenses.id, params.licenseId), eq(licenses.vendorId, params.vendorId)));
  if (!license) throw new DomainError("not_found", "License not found.");
  const policy: SeatPolicy = { seatMode: license.seatMode, heartbeatSeconds: license.heartbeatSeconds };
  const live = await db
    .select(seatColumns)
    .from(activations)
    .where(and(eq(activations.licenseId, params.licenseId), isNull(activations.deactivatedAt)))
    .orderBy(activations.activatedAt, activations.id);
  const past = await db
    .select(seatColumns)
    .from(activations)
    .where(and(eq(activations.licenseId, params.licenseId), isNotNull(activations.deactivatedAt)))
    .orderBy(desc(activations.deactivatedAt), desc(activations.id))
    .limit(PAST_SEATS_SHOWN);
  return {
    seatMode: policy.seatMode,
    heartbeatSeconds: policy.heartbeatSeconds,
    maxSeats: license.maxSeats,
    seats: [...live, ...past].map((row) => seatView(row, policy, now)),
  };
}

function seatView(row: SeatRow, policy: SeatPolicy, now: Date): LicenseSeat {
  const overdue = row.deactivatedAt === null && isSeatOverdue(row, policy, now);
  const deadline = row.deactivatedAt === null ? seatDeadline(row, policy) : null;
  return {
    id: row.id,
    kind: row.kind,
    value: row.value,
    label: row.label,
    state: row.deadAt || overdue ? "dead" : row.deactivatedAt ? "released" : "live",
    activatedAt: row.activatedAt.toISOString(),
    lastVerifiedAt: iso(row.lastVerifiedAt),
    heartbeatAt: iso(row.heartbeatAt),
    deadlineAt: iso(deadline),
    deadAt: iso(row.deadAt ?? (overdue ? deadline : null)),
    releasedAt: iso(row.deactivatedAt),
  };
}

import { activations, and, desc, type Executor, eq, products, rowsOf, sql } from "@keyway/db";
import { AuditActor } from "@keyway/schema";
import { type RecordEventParams, recordEvents } from "../events/record-event";
import { DomainError } from "../shared/errors";
import type { SeatPolicy } from "./seat-liveness";
import { noteLicenseWrite } from "./verification-cache-write-marks";

/**
 * Marking floating seats dead: the seat is released (`deactivated_at`, so it no longer counts and
 * its value may take a seat again) and `dead_at` says why; `activation.dead` goes to the timeline
 * and the webhook outbox in the same transaction. The update re-checks each seat's window in the
 * database, so a heartbeat that committed first keeps its seat alive, and a seat another
 * transaction already marked is not announced twice.
 */

export interface DeadSeat {
  id: string;
  licenseId: string;
  kind: string;
  value: string;
  label: string | null;
  activatedAt: Date;
  heartbeatAt: Date | null;
}

interface DeadRow {
  id: string;
  license_id: string;
  kind: string;
  value: string;
  label: string | null;
  activated_at: string | Date;
  heartbeat_at: string | Date | null;
  vendor_id: string;
  key: string;
  test_mode: boolean;
  heartbeat_seconds: number;
}

const asDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));

/** Marks the given seats dead if they are still live and past their product's window at `now`. */
export async function markSeatsDead(
  tx: Executor,
  params: { activationIds: string[]; now: Date; actor?: string | undefined },
): Promise<DeadSeat[]> {
  if (params.activationIds.length === 0) return [];
  const at = params.now.toISOString();
  const ids = sql.join(
    params.activationIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const result = await tx.execute(sql`
    update activations a set dead_at = ${at}::timestamptz, deactivated_at = ${at}::timestamptz
    from licenses l, products p
    where a.id in (${ids}) and l.id = a.license_id and p.id = l.product_id
      and a.deactivated_at is null and p.seat_mode = 'floating' and p.heartbeat_seconds is not null
      and coalesce(a.heartbeat_at, a.activated_at) < ${at}::timestamptz - p.heartbeat_seconds * interval '1 second'
    returning a.id, a.license_id, a.kind, a.value, a.label, a.activated_at, a.heartbeat_at,
      l.vendor_id, l.key, l.test_mode, p.heartbeat_seconds`);
  const rows = rowsOf<DeadRow>(result);
  if (rows.length === 0) return [];
  for (const licenseId of new Set(rows.map((r) => r.license_id))) noteLicenseWrite(licenseId);
  await recordEvents(
    tx,
    rows.map((r, i) => deadEvent(r, params.actor, new Date(params.now.getTime() + i))),
  );
  return rows.map((r) => ({
    id: r.id,
    licenseId: r.license_id,
    kind: r.kind,
    value: r.value,
    label: r.label,
    activatedAt: asDate(r.activated_at),
    heartbeatAt: r.heartbeat_at === null ? null : asDate(r.heartbeat_at),
  }));
}

function deadEvent(r: DeadRow, actor: string | undefined, now: Date): RecordEventParams {
  const lastSeen = asDate(r.heartbeat_at ?? r.activated_at);
  return {
    vendorId: r.vendor_id,
    type: "activation.dead",
    subjectType: "license",
    subjectId: r.license_id,
    licenseId: r.license_id,
    actor: actor ?? AuditActor.system,
    data: {
      license_id: r.license_id,
      key: r.key,
      activation_id: r.id,
      kind: r.kind,
      value: r.value,
      label: r.label,
      last_seen_at: lastSeen.toISOString(),
      heartbeat_seconds: r.heartbeat_seconds,
      dead_at: new Date(lastSeen.getTime() + r.heartbeat_seconds * 1000).toISOString(),
      test_mode: r.test_mode,
    },
    now,
  };
}

/** The seat policy of a product (read inside the seat's transaction). */
export async function seatPolicyOf(tx: Executor, productId: string): Promise<SeatPolicy> {
  const [row] = await tx
    .select({ seatMode: products.seatMode, heartbeatSeconds: products.heartbeatSeconds })
    .from(products)
    .where(eq(products.id, productId));
  return row ?? { seatMode: "node_locked", heartbeatSeconds: null };
}

/** The latest seat this value held on the license, if any: was it found dead (and is it still held)? */
export async function latestSeatOf(
  db: Executor,
  licenseId: string,
  value: string,
): Promise<{ id: string; dead: boolean; held: boolean } | null> {
  const [row] = await db
    .select({ id: activations.id, deactivatedAt: activations.deactivatedAt, deadAt: activations.deadAt })
    .from(activations)
    .where(and(eq(activations.licenseId, licenseId), eq(activations.value, value)))
    .orderBy(desc(activations.activatedAt), desc(activations.id))
    .limit(1);
  return row ? { id: row.id, dead: row.deadAt !== null, held: row.deactivatedAt === null } : null;
}

/** What a dead seat answers (validation, heartbeat): activate again. */
export function seatDeadError(value: string): DomainError {
  return new DomainError("seat_dead", "This seat missed its heartbeat window: activate it again.", {
    requested: value,
  });
}

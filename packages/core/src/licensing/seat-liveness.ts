import type { Database } from "@keyway/db";
import { type ActivationRow, type LicenseSnapshot, loadLicenseSnapshotByKey } from "./license-snapshot";
import { verificationCacheOf } from "./verification-cache-reads";

/**
 * Floating seats: a seat of a `floating` product is alive while its last heartbeat (or its
 * activation, before the first one) is no older than the product's `heartbeatSeconds`; past that
 * it is dead — it no longer counts, its machine must activate again, and `activation.dead` is sent
 * once when it is found (seats.ts at the next activation, lifecycle/sweep-seats.ts otherwise).
 * Node-locked seats never die.
 */

export interface SeatPolicy {
  seatMode: "node_locked" | "floating";
  heartbeatSeconds: number | null;
}

type Seen = Pick<ActivationRow, "activatedAt" | "heartbeatAt">;

/** The window in ms of a floating product (null: its seats never die). */
export function heartbeatWindowMs(policy: SeatPolicy): number | null {
  return policy.seatMode === "floating" && policy.heartbeatSeconds ? policy.heartbeatSeconds * 1000 : null;
}

/** When the seat dies without a heartbeat (null: never). */
export function seatDeadline(seat: Seen, policy: SeatPolicy): Date | null {
  const window = heartbeatWindowMs(policy);
  if (window === null) return null;
  return new Date((seat.heartbeatAt ?? seat.activatedAt).getTime() + window);
}

/** Past its window at `now`. */
export function isSeatOverdue(seat: Seen, policy: SeatPolicy, now: Date): boolean {
  const deadline = seatDeadline(seat, policy);
  return deadline !== null && deadline.getTime() < now.getTime();
}

/** Seats last seen before this instant are dead (null: the product's seats never die). */
export function deadCutoff(policy: SeatPolicy, now: Date): Date | null {
  const window = heartbeatWindowMs(policy);
  return window === null ? null : new Date(now.getTime() - window);
}

export interface LiveSeats {
  /** The snapshot with only its live seats. */
  snapshot: LicenseSnapshot;
  /** Seats past their window that no activation or sweep has marked dead yet. */
  overdue: ActivationRow[];
}

/**
 * Splits a snapshot's seats into live and overdue. A heartbeat writes no cache (it would make
 * every process forget the license on every beat), so a cached seat may look overdue while its
 * machine is beating through another process: before calling a seat overdue, the license is read
 * again from the database (and the fresh read kept in the cache).
 */
export async function withLiveSeats(db: Database, snapshot: LicenseSnapshot, now: Date): Promise<LiveSeats> {
  if (heartbeatWindowMs(snapshot.product) === null) return { snapshot, overdue: [] };
  if (!snapshot.activations.some((a) => isSeatOverdue(a, snapshot.product, now))) {
    return { snapshot, overdue: [] };
  }
  const cache = verificationCacheOf(db);
  const ticket = cache?.startLoad();
  const fresh = (await loadLicenseSnapshotByKey(db, snapshot.license.key)) ?? snapshot;
  if (cache && ticket && fresh !== snapshot) cache.store(fresh.license.key, fresh, ticket);
  const live: ActivationRow[] = [];
  const overdue: ActivationRow[] = [];
  for (const a of fresh.activations) (isSeatOverdue(a, fresh.product, now) ? overdue : live).push(a);
  return { snapshot: { ...fresh, activations: live }, overdue };
}

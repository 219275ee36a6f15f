import { type Database, rowsOf, sql } from "@keyway/db";
import { markSeatsDead } from "../licensing/dead-seats";
import type { SweepResult } from "./sweep";

/**
 * One batch of floating seats past their heartbeat window at `now` (nobody activated on their
 * license since they died): claimed with `FOR UPDATE SKIP LOCKED` so schedulers share the work,
 * marked dead with `activation.dead` in the same transaction (licensing/dead-seats.ts). A seat an
 * activation marks meanwhile, or a heartbeat revives, is skipped by the guarded update: each
 * death is announced once.
 */
export async function sweepDeadSeats(
  db: Database,
  params: { now: Date; batchSize: number },
): Promise<SweepResult> {
  return db.transaction(async (tx) => {
    const at = params.now.toISOString();
    const claimed = rowsOf<{ id: string }>(
      await tx.execute(sql`
        select a.id from activations a
        join licenses l on l.id = a.license_id
        join products p on p.id = l.product_id
        where p.seat_mode = 'floating' and p.heartbeat_seconds is not null and a.deactivated_at is null
          and coalesce(a.heartbeat_at, a.activated_at) < ${at}::timestamptz - p.heartbeat_seconds * interval '1 second'
        order by a.activated_at, a.id
        limit ${params.batchSize}
        for update of a skip locked`),
    );
    const dead = await markSeatsDead(tx, { activationIds: claimed.map((r) => r.id), now: params.now });
    return { claimed: claimed.length, events: dead.length };
  });
}

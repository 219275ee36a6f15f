import { type Executor, licenses, plans, products, type SQL, sql, subscriptions, vendors } from "@keyway/db";
import type { OrderSettings } from "../commerce/create-order";

/**
 * What the license and subscription sweeps read to plan a row: the product (its name and policy),
 * the plan's overrides, and the vendor's reminder settings. Spread into each sweep's select.
 */
export const policyColumns = {
  product: {
    name: products.name,
    expiryStrategy: products.expiryStrategy,
    gracePeriodDays: products.gracePeriodDays,
    clockStartsAt: products.clockStartsAt,
  },
  plan: {
    expiryStrategy: plans.expiryStrategy,
    gracePeriodDays: plans.gracePeriodDays,
    clockStartsAt: plans.clockStartsAt,
  },
  vendor: {
    remindersEnabled: vendors.remindersEnabled,
    reminderOffsetsDays: vendors.reminderOffsetsDays,
  },
};

/** What every sweep gets from the scheduler (scheduler.ts). */
export interface SweepParams {
  /** The scheduler's clock: tests move it instead of sleeping. */
  now: Date;
  /** Rows claimed per transaction. */
  batchSize: number;
  /** The host's order settings: renewal orders open with them, and links start at `publicUrl`. */
  orderSettings: OrderSettings;
  /** A failure that does not stop the sweep (one subscription's renewal order could not open). */
  onError?: ((error: unknown) => void) | undefined;
}

export interface SweepResult {
  /** Rows claimed (due) in this batch. */
  claimed: number;
  /** Events recorded. */
  events: number;
}

/** Where a row's schedule stands after a sweep looked at it. */
export interface SavedSchedule<Id extends string | number> {
  id: Id;
  sent: string[];
  dueAt: Date | null;
}

/**
 * Writes the bookkeeping of a whole batch in one statement. Only `lifecycle_*` change: neither
 * re-arm trigger fires, and the NOTIFY trigger ignores these columns (no `updated_at` either),
 * so verification caches keep the licenses.
 */
export async function saveSchedules(
  tx: Executor,
  table: "licenses" | "subscriptions",
  rows: SavedSchedule<string | number>[],
): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(
    rows.map((r) => ({ id: r.id, sent: r.sent, due: r.dueAt?.toISOString() ?? null })),
  );
  const target: SQL =
    table === "licenses"
      ? sql`update ${licenses} set lifecycle_sent = v.sent, lifecycle_due_at = v.due
          from jsonb_to_recordset(${json}::jsonb) as v(id text, sent text[], due timestamptz)
          where ${licenses.id} = v.id`
      : sql`update ${subscriptions} set lifecycle_sent = v.sent, lifecycle_due_at = v.due
          from jsonb_to_recordset(${json}::jsonb) as v(id int, sent text[], due timestamptz)
          where ${subscriptions.id} = v.id`;
  await tx.execute(target);
}

/** How long a row whose processing fails waits before it is tried again (scheduler.ts). */
export const SET_ASIDE_MS = 60 * 60_000;

/**
 * Sets the first due row aside for `SET_ASIDE_MS`: the row a one-row sweep just failed on (the
 * same order, the same skip-locked claim), so one bad row cannot stop every other one behind it.
 */
export async function setAsideFirstDue(
  db: Executor,
  table: "licenses" | "subscriptions",
  now: Date,
): Promise<void> {
  const until = new Date(now.getTime() + SET_ASIDE_MS).toISOString();
  const at = now.toISOString();
  await db.execute(
    table === "licenses"
      ? sql`update ${licenses} set lifecycle_due_at = ${until}::timestamptz where ${licenses.id} = (
          select id from ${licenses} where lifecycle_due_at <= ${at}::timestamptz
          order by lifecycle_due_at limit 1 for update skip locked)`
      : sql`update ${subscriptions} set lifecycle_due_at = ${until}::timestamptz where ${subscriptions.id} = (
          select id from ${subscriptions} where lifecycle_due_at <= ${at}::timestamptz
          order by lifecycle_due_at limit 1 for update skip locked)`,
  );
}

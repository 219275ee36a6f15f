import {
  and,
  type ClockStartsAt,
  type Database,
  type Executor,
  eq,
  licenses,
  plans,
  products,
  sql,
  subscriptions,
} from "@keyway/db";
import { recordLicenseEvent } from "../events/record-event";
import { effectiveExpiryPolicy } from "../lifecycle/expiry-policy";
import { addDuration } from "../shared/duration";
import { type LicenseSnapshot, SNAPSHOT_LICENSE_COLUMNS } from "./license-snapshot";

/**
 * The `first_activation` clock: a license granted with a finite term under that policy is stored
 * with `clock_pending` and no dates (issue-license.ts, activate-license.ts); its first successful
 * verification or activation starts the term here. A renewal or a hand-set expiry also ends the
 * wait (the term then runs from that moment or that date).
 */

/**
 * When the term of a license granted now starts: its plan's or product's clock. A subscription's
 * license starts at payment whatever the policy: its term is the billing period just paid.
 */
export async function grantedClockStartsAt(
  tx: Executor,
  license: { id?: string; productId: string; planId: string | null },
): Promise<ClockStartsAt> {
  const subscribed = license.id
    ? sql<boolean>`exists (select 1 from ${subscriptions} where ${subscriptions.licenseId} = ${license.id})`
    : sql<boolean>`false`;
  const [row] = await tx
    .select({ product: products.clockStartsAt, plan: plans.clockStartsAt, subscribed })
    .from(products)
    .leftJoin(
      plans,
      license.planId ? and(eq(plans.id, license.planId), eq(plans.productId, products.id)) : sql`false`,
    )
    .where(eq(products.id, license.productId));
  if (!row || row.subscribed) return "purchase";
  return effectiveExpiryPolicy({ clockStartsAt: row.product }, { clockStartsAt: row.plan }).clockStartsAt;
}

type LicenseRow = LicenseSnapshot["license"];

/**
 * Starts the term of a license whose clock waits, at `now`, once: the update is conditional on
 * `clock_pending`, so of concurrent first verifications one starts it (and records
 * `license.clock_started`) and the others, queued on the row, update nothing and read its dates.
 * The term is the one the license was granted with: only paths that also end the wait change it.
 */
export async function startLicenseClock(
  db: Database,
  params: { license: LicenseRow; actor?: string | undefined; now: Date },
): Promise<LicenseRow> {
  const { license, now } = params;
  const expiresAt =
    license.durationValue && license.durationUnit
      ? addDuration(now, license.durationValue, license.durationUnit)
      : null;
  return db.transaction(async (tx) => {
    const [started] = await tx
      .update(licenses)
      .set({ startsAt: now, expiresAt, clockPending: false, updatedAt: now })
      .where(and(eq(licenses.id, license.id), eq(licenses.clockPending, true)))
      .returning(SNAPSHOT_LICENSE_COLUMNS);
    if (started) {
      await recordLicenseEvent(tx, license, {
        type: "license.clock_started",
        actor: params.actor,
        data: {
          license_id: license.id,
          key: license.key,
          starts_at: now.toISOString(),
          expires_at: expiresAt?.toISOString() ?? null,
        },
        now,
      });
      return started;
    }
    const [current] = await tx
      .select(SNAPSHOT_LICENSE_COLUMNS)
      .from(licenses)
      .where(eq(licenses.id, license.id));
    return current ?? license;
  });
}

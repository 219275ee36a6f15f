import { and, type Executor, eq, inArray, licenses, or, subscriptions } from "@keyway/db";
import { writeLicenseState } from "../../licensing/change-license-state";
import { licenseActionVerdict } from "../../licensing/license-actions";

type OrderRow = { id: string; licenseId: string | null; subscriptionId: number | null };
type LicenseRow = typeof licenses.$inferSelect;

/** What money going back (or a dispute) does to an order's licenses. */
export type OrderLicenseChange = "revoke" | "suspend" | "reinstate";

/**
 * The licenses an order sold or renewed, locked: those it issued (`licenses.order_id`) and the
 * one it renewed or reserved (`orders.license_id`).
 */
export async function lockOrderLicenses(
  tx: Executor,
  order: OrderRow,
  only?: string[],
): Promise<LicenseRow[]> {
  const sold = order.licenseId
    ? or(eq(licenses.orderId, order.id), eq(licenses.id, order.licenseId))
    : eq(licenses.orderId, order.id);
  return tx
    .select()
    .from(licenses)
    .where(only ? and(sold, inArray(licenses.id, only.length ? only : [""])) : sold)
    .orderBy(licenses.id)
    .for("update");
}

/**
 * Changes the order's licenses as a refund or dispute decides, each one through the same rule as
 * a vendor's action (`licenseActionVerdict`): a revoked license stays revoked, a pending one
 * (never paid) is revoked rather than suspended. Revoking also ends the order's subscription,
 * so the scheduler opens no renewal for it. Returns the ids of the licenses that changed.
 */
export async function changeOrderLicenses(
  tx: Executor,
  params: {
    order: OrderRow;
    change: OrderLicenseChange;
    /** Limit to these licenses (a won dispute reinstates only what it suspended). */
    only?: string[];
    reason: string;
    actor: string;
    now: Date;
  },
): Promise<string[]> {
  const { order, now } = params;
  const changed: string[] = [];
  for (const license of await lockOrderLicenses(tx, order, params.only)) {
    // A license that was never paid for cannot be suspended: money went back, so it ends.
    const change = params.change === "suspend" && license.status === "pending" ? "revoke" : params.change;
    if (change === "reinstate" && license.status !== "suspended") continue;
    if (licenseActionVerdict(change, license.status).kind !== "change") continue;
    await writeLicenseState(tx, license, change, {
      actor: params.actor,
      reason: params.reason,
      extra: { previous_status: license.status, order_id: order.id },
      now,
    });
    changed.push(license.id);
  }
  if (params.change === "revoke" && order.subscriptionId !== null) {
    await tx
      .update(subscriptions)
      .set({ status: "cancelled", cancelledAt: now, cancelAtPeriodEnd: false, updatedAt: now })
      .where(
        and(
          eq(subscriptions.id, order.subscriptionId),
          inArray(subscriptions.status, ["pending", "active", "past_due"]),
        ),
      );
  }
  return changed;
}

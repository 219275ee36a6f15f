import { and, type Executor, eq, subscriptions } from "@keyway/db";
import type { Subscription } from "@keyway/schema";
import { recordEvent } from "../events/record-event";
import { DomainError } from "../shared/errors";

/** A subscription as its vendor and its customer see it (schema `Subscription`). */
export function subscriptionView(s: typeof subscriptions.$inferSelect): Subscription {
  return {
    id: s.id,
    status: s.status,
    billingCycle: s.billingCycle,
    licenseId: s.licenseId,
    currentPeriodEnd: s.currentPeriodEnd?.toISOString() ?? null,
    cancelAtPeriodEnd: s.cancelAtPeriodEnd,
    renewalPaymentUrl: null,
  };
}

/**
 * Cancel at period end: the license stays valid until the paid period ends and is simply not
 * renewed. `customerId` scopes the call to a signed-in customer's own subscription.
 */
export async function cancelSubscription(
  db: Executor,
  params: { vendorId: string; subscriptionId: number; customerId?: string; actor?: string; now?: Date },
): Promise<Subscription> {
  return setCancelAtPeriodEnd(db, params, true);
}

export async function resumeSubscription(
  db: Executor,
  params: { vendorId: string; subscriptionId: number; customerId?: string; actor?: string; now?: Date },
): Promise<Subscription> {
  return setCancelAtPeriodEnd(db, params, false);
}

async function setCancelAtPeriodEnd(
  db: Executor,
  params: { vendorId: string; subscriptionId: number; customerId?: string; actor?: string; now?: Date },
  cancel: boolean,
): Promise<Subscription> {
  const now = params.now ?? new Date();
  return db.transaction(async (tx) => {
    const [sub] = await tx
      .select()
      .from(subscriptions)
      .where(and(eq(subscriptions.vendorId, params.vendorId), eq(subscriptions.id, params.subscriptionId)))
      .for("update");
    if (!sub || (params.customerId && sub.customerId !== params.customerId)) {
      throw new DomainError("not_found", "Subscription not found.");
    }
    if (sub.status !== "active") throw new DomainError("conflict", `The subscription is ${sub.status}.`);
    if (sub.cancelAtPeriodEnd === cancel) return subscriptionView(sub);
    const [updated] = await tx
      .update(subscriptions)
      .set({ cancelAtPeriodEnd: cancel, cancelledAt: cancel ? now : null, updatedAt: now })
      .where(eq(subscriptions.id, sub.id))
      .returning();
    if (!updated) throw new DomainError("internal", "Subscription update returned nothing.");
    if (cancel) {
      await recordEvent(tx, {
        vendorId: sub.vendorId,
        type: "subscription.cancelled",
        subjectType: "subscription",
        subjectId: String(sub.id),
        licenseId: sub.licenseId,
        actor: params.actor,
        data: {
          subscription_id: sub.id,
          cancel_at_period_end: true,
          current_period_end: sub.currentPeriodEnd?.toISOString() ?? null,
        },
        now,
      });
    }
    return subscriptionView(updated);
  });
}

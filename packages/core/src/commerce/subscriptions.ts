import {
  and,
  desc,
  type Executor,
  eq,
  gt,
  orders,
  planPrices,
  plans,
  products,
  type SQL,
  subscriptions,
} from "@keyway/db";
import type { Subscription } from "@keyway/schema";
import { recordEvent } from "../events/record-event";
import { DomainError } from "../shared/errors";

/**
 * A subscription as its vendor and its customer see it (schema `Subscription`), with the pay link
 * of its open renewal order (`renewalPaymentUrl`: the order is pending and not expired) while it
 * is meant to be paid: active or past due, and not set to cancel.
 */
export function subscriptionView(
  s: typeof subscriptions.$inferSelect,
  renewalPaymentUrl: string | null,
  what: Pick<Subscription, "productName" | "planName" | "amount" | "currency">,
): Subscription {
  const payable = (s.status === "active" || s.status === "past_due") && !s.cancelAtPeriodEnd;
  return {
    id: s.id,
    status: s.status,
    billingCycle: s.billingCycle,
    ...what,
    licenseId: s.licenseId,
    currentPeriodEnd: s.currentPeriodEnd?.toISOString() ?? null,
    cancelAtPeriodEnd: s.cancelAtPeriodEnd,
    renewalPaymentUrl: payable ? renewalPaymentUrl : null,
  };
}

/** Subscriptions matching `where`, newest first, each with its renewal pay link: one query. */
export async function listSubscriptionViews(
  db: Executor,
  where: SQL | undefined,
  now: Date = new Date(),
): Promise<Subscription[]> {
  const rows = await db
    .select({
      subscription: subscriptions,
      renewalPaymentUrl: orders.paymentUrl,
      productName: products.name,
      planName: plans.name,
      amount: planPrices.amount,
      currency: planPrices.currency,
    })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .innerJoin(products, eq(products.id, plans.productId))
    // What the plan costs per cycle now: the price the next renewal charges.
    .leftJoin(
      planPrices,
      and(
        eq(planPrices.planId, subscriptions.planId),
        eq(planPrices.billingCycle, subscriptions.billingCycle),
      ),
    )
    .leftJoin(
      orders,
      and(
        eq(orders.id, subscriptions.renewalOrderId),
        eq(orders.status, "pending"),
        gt(orders.expiresAt, now),
      ),
    )
    .where(where)
    .orderBy(desc(subscriptions.id));
  return rows.map((r) =>
    subscriptionView(r.subscription, r.renewalPaymentUrl, {
      productName: r.productName,
      planName: r.planName,
      amount: r.amount,
      currency: r.currency,
    }),
  );
}

/**
 * Cancel at period end: the license stays valid until the paid period ends and is simply not
 * renewed. Only scheduled here (`subscription.cancel_scheduled`, audit only): the scheduler ends
 * it at period end, and `subscription.cancelled` fires then. `customerId` scopes the call to a
 * signed-in customer's own subscription.
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
    // A past-due one may be cancelled too: it ends at the scheduler's next look.
    if (sub.status !== "active" && sub.status !== "past_due")
      throw new DomainError("conflict", `The subscription is ${sub.status}.`);
    const view = async () => {
      const [found] = await listSubscriptionViews(tx, eq(subscriptions.id, sub.id), now);
      if (!found) throw new DomainError("internal", "Subscription vanished.");
      return found;
    };
    if (sub.cancelAtPeriodEnd === cancel) return view();
    const [updated] = await tx
      .update(subscriptions)
      .set({ cancelAtPeriodEnd: cancel, cancelledAt: cancel ? now : null, updatedAt: now })
      .where(eq(subscriptions.id, sub.id))
      .returning();
    if (!updated) throw new DomainError("internal", "Subscription update returned nothing.");
    if (cancel) {
      await recordEvent(tx, {
        vendorId: sub.vendorId,
        type: "subscription.cancel_scheduled",
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
    return view();
  });
}

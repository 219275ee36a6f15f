import {
  asc,
  customers,
  type Database,
  type Executor,
  eq,
  licenses,
  lte,
  plans,
  products,
  type SubscriptionStatus,
  subscriptions,
  vendors,
} from "@keyway/db";
import { recordEvent } from "../events/record-event";
import { messageLinksOf } from "../messages/unsubscribe";
import { effectiveExpiryPolicy, graceEndsAt } from "./expiry-policy";
import {
  announceRenewal,
  findOpenRenewalOrder,
  openRenewalOrder,
  RENEWAL_LEASE_MS,
  type RenewalToOpen,
} from "./renewal-orders";
import { planSubscriptionSchedule, renewalLeadDays, type SubscriptionStep } from "./subscription-schedule";
import {
  policyColumns,
  type SavedSchedule,
  type SweepParams,
  type SweepResult,
  saveSchedules,
} from "./sweep";

/** The status a step leaves the subscription in. */
const STATUS_AFTER: Record<Exclude<SubscriptionStep, "renewal_due">, SubscriptionStatus> = {
  past_due: "past_due",
  cancelled: "cancelled",
  expired: "expired",
};

/**
 * One batch of due subscriptions, claimed with `FOR UPDATE SKIP LOCKED`: in one transaction each
 * one's due steps (subscription-schedule.ts) change its status and record their events, and are
 * marked done. Renewal orders are opened after that transaction commits (renewal-orders.ts):
 * opening one may call a payment gateway, which no transaction should wait on.
 */
export async function sweepSubscriptions(db: Database, params: SweepParams): Promise<SweepResult> {
  const { now } = params;
  const batch = await db.transaction(async (tx) => {
    const rows = await claimDueSubscriptions(tx, params);
    const saved: SavedSchedule<number>[] = [];
    const toOpen: { renewal: RenewalToOpen; nextDueAt: Date | null }[] = [];
    let events = 0;
    for (const row of rows) {
      const { sub } = row;
      const renewal = renewalOf(row);
      if (!renewal) {
        saved.push({ id: sub.id, sent: sub.lifecycleSent, dueAt: null });
        continue;
      }
      const schedule = planSubscriptionSchedule(scheduleInput(renewal, sub.cancelAtPeriodEnd, now));
      let status = sub.status;
      let leased = false;
      const sent = [...sub.lifecycleSent];
      for (const [i, step] of schedule.due.entries()) {
        if (step === "renewal_due") {
          // An order opened by an attempt that crashed before announcing it is adopted.
          const open = await findOpenRenewalOrder(tx, renewal, now);
          if (open) {
            await announceRenewal(tx, renewal, open, now, messageLinksOf(params.orderSettings));
            sent.push(step);
            events++;
          } else {
            leased = true;
          }
          continue;
        }
        status = STATUS_AFTER[step];
        // Its own statement: the re-arm trigger fires on it, and the schedule saved below wins.
        await tx.update(subscriptions).set({ status, updatedAt: now }).where(eq(subscriptions.id, sub.id));
        await recordEvent(tx, {
          vendorId: sub.vendorId,
          type: `subscription.${step}`,
          subjectType: "subscription",
          subjectId: String(sub.id),
          licenseId: sub.licenseId,
          data: {
            subscription_id: sub.id,
            license_id: sub.licenseId,
            status,
            cancel_at_period_end: sub.cancelAtPeriodEnd,
            current_period_end: renewal.periodEnd.toISOString(),
            ...(step === "cancelled"
              ? {}
              : {
                  grace_ends_at: graceEndsAt(renewal.periodEnd, renewal).toISOString(),
                }),
            test_mode: row.license?.testMode ?? false,
          },
          // A millisecond apart: the timeline keeps them in order (past_due, expired).
          now: new Date(now.getTime() + i),
        });
        sent.push(step);
        events++;
      }
      const after = planSubscriptionSchedule(
        scheduleInput(
          { ...renewal, status, sent: leased ? [...sent, "renewal_due"] : sent },
          sub.cancelAtPeriodEnd,
          now,
        ),
      );
      // A lease: the renewal order is being opened; back here at the latest when the lease runs out.
      const leaseEnd = new Date(now.getTime() + RENEWAL_LEASE_MS);
      const dueAt = leased && (!after.next || after.next > leaseEnd) ? leaseEnd : after.next;
      if (leased) toOpen.push({ renewal: { ...renewal, status }, nextDueAt: after.next });
      saved.push({ id: sub.id, sent, dueAt });
    }
    await saveSchedules(tx, "subscriptions", saved);
    return { claimed: rows.length, events, toOpen };
  });
  let events = batch.events;
  for (const { renewal, nextDueAt } of batch.toOpen)
    events += await openRenewalOrder(db, renewal, nextDueAt, params);
  return { claimed: batch.claimed, events };
}

type DueSubscription = Awaited<ReturnType<typeof claimDueSubscriptions>>[number];

function claimDueSubscriptions(tx: Executor, params: SweepParams) {
  return tx
    .select({
      sub: {
        id: subscriptions.id,
        vendorId: subscriptions.vendorId,
        status: subscriptions.status,
        billingCycle: subscriptions.billingCycle,
        licenseId: subscriptions.licenseId,
        currentPeriodEnd: subscriptions.currentPeriodEnd,
        cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
        lifecycleSent: subscriptions.lifecycleSent,
      },
      ...policyColumns,
      license: { id: licenses.id, key: licenses.key, testMode: licenses.testMode },
      customer: { id: customers.id, email: customers.email, phone: customers.phone },
    })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .innerJoin(products, eq(products.id, plans.productId))
    .innerJoin(vendors, eq(vendors.id, subscriptions.vendorId))
    .leftJoin(licenses, eq(licenses.id, subscriptions.licenseId))
    .leftJoin(customers, eq(customers.id, subscriptions.customerId))
    .where(lte(subscriptions.lifecycleDueAt, params.now))
    .orderBy(asc(subscriptions.lifecycleDueAt))
    .limit(params.batchSize)
    .for("update", { of: subscriptions, skipLocked: true });
}

function renewalOf(row: DueSubscription): RenewalToOpen | null {
  // Without a period end there is nothing to schedule (the trigger leaves such a row unscheduled).
  if (!row.sub.currentPeriodEnd) return null;
  return {
    subscriptionId: row.sub.id,
    vendorId: row.sub.vendorId,
    status: row.sub.status,
    periodEnd: row.sub.currentPeriodEnd,
    billingCycle: row.sub.billingCycle,
    sent: row.sub.lifecycleSent,
    gracePeriodDays: effectiveExpiryPolicy(row.product, row.plan).gracePeriodDays,
    renewalLeadDays: renewalLeadDays(row.vendor.reminderOffsetsDays),
    remindersEnabled: row.vendor.remindersEnabled,
    productName: row.product.name,
    license: row.license,
    customer: row.customer,
  };
}

function scheduleInput(renewal: RenewalToOpen, cancelAtPeriodEnd: boolean, now: Date) {
  return {
    status: renewal.status,
    cancelAtPeriodEnd,
    currentPeriodEnd: renewal.periodEnd,
    gracePeriodDays: renewal.gracePeriodDays,
    renewalLeadDays: renewal.renewalLeadDays,
    sent: renewal.sent,
    now,
  };
}

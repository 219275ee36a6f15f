import {
  and,
  asc,
  customers,
  type Database,
  eq,
  gt,
  licenses,
  lte,
  orders,
  plans,
  products,
  rowsOf,
  type SQL,
  sql,
  subscriptions,
  vendors,
} from "@keyway/db";
import type { Renewals } from "@keyway/schema";
import { effectiveExpiryPolicy, graceEndsAt } from "../lifecycle/expiry-policy";
import { DAY_MS } from "../shared/duration";
import { DomainError } from "../shared/errors";

/** Each list shows at most this many rows (soonest / longest overdue first). */
const LIST_LIMIT = 100;
/**
 * The longest reminder offset a vendor can set (ReminderOffsetsDays): a reminder older than this
 * before the current expiry was about an earlier term.
 */
const MAX_REMINDER_DAYS = 90;

/** The customer as the console names them: email, else phone, else name. */
const customerLabel = sql<string | null>`coalesce(${customers.email}, ${customers.phone}, ${customers.name})`;

/**
 * The console's renewals view for `days` (default 30) around `now`:
 * - `dueSoon`: active licenses whose term ends within the next `days`, with when the latest
 *   `license.expiring_soon` reminder for the current term went out. "For the current term" = recorded
 *   after the license was last renewed and within MAX_REMINDER_DAYS before its expiry (a reminder is
 *   never sent earlier than that), so a reminder about the previous term does not count.
 * - `pastDue`: subscriptions in `past_due`, with the open renewal order's pay link.
 * - `recovered`: revenue won back. A renewal order (kind `renewal`) paid within the last `days`
 *   counts when, before it was paid and after the previous payment for the same license or
 *   subscription, its license received a `license.expiring_soon` reminder or its subscription went
 *   `subscription.past_due`. Live and test-mode money apart, per currency.
 * Every query filters on the vendor (indexed) and the lists are bounded.
 */
export async function getRenewals(
  db: Database,
  params: { vendorId: string; now?: Date; days?: number },
): Promise<Renewals> {
  const now = params.now ?? new Date();
  const days = params.days ?? 30;
  const [vendor] = await db.select({ id: vendors.id }).from(vendors).where(eq(vendors.id, params.vendorId));
  if (!vendor) throw new DomainError("not_found", "Vendor not found.");
  const [dueSoon, pastDue, recovered] = await Promise.all([
    licensesDueSoon(db, params.vendorId, now, new Date(now.getTime() + days * DAY_MS)),
    pastDueSubscriptions(db, params.vendorId, now),
    recoveredRevenue(db, params.vendorId, new Date(now.getTime() - days * DAY_MS), now),
  ]);
  return { days, dueSoon, pastDue, recovered };
}

async function licensesDueSoon(db: Database, vendorId: string, now: Date, until: Date) {
  // Uses events_license_idx (license_id, created_at).
  const reminderSentAt = sql<Date | null>`(
    select max(e.created_at) from events e
    where e.license_id = ${licenses.id} and e.type = 'license.expiring_soon'
      and e.created_at > ${licenses.expiresAt} - make_interval(days => ${MAX_REMINDER_DAYS})
      and (${licenses.renewedAt} is null or e.created_at > ${licenses.renewedAt})
  )`.mapWith(licenses.expiresAt);
  const rows = await db
    .select({
      licenseId: licenses.id,
      key: licenses.key,
      expiresAt: licenses.expiresAt,
      testMode: licenses.testMode,
      productName: products.name,
      planName: plans.name,
      customer: customerLabel,
      reminderSentAt,
    })
    .from(licenses)
    .innerJoin(products, eq(products.id, licenses.productId))
    .leftJoin(plans, eq(plans.id, licenses.planId))
    .leftJoin(customers, eq(customers.id, licenses.customerId))
    .where(
      and(
        eq(licenses.vendorId, vendorId),
        eq(licenses.status, "active"),
        gt(licenses.expiresAt, now),
        lte(licenses.expiresAt, until),
      ),
    )
    .orderBy(asc(licenses.expiresAt), asc(licenses.id))
    .limit(LIST_LIMIT);
  return rows.flatMap((r) =>
    r.expiresAt
      ? [
          {
            licenseId: r.licenseId,
            key: r.key,
            productName: r.productName,
            planName: r.planName,
            customer: r.customer,
            expiresAt: r.expiresAt.toISOString(),
            reminderSentAt: r.reminderSentAt ? new Date(r.reminderSentAt).toISOString() : null,
            testMode: r.testMode,
          },
        ]
      : [],
  );
}

async function pastDueSubscriptions(db: Database, vendorId: string, now: Date) {
  const rows = await db
    .select({
      subscription: subscriptions,
      planName: plans.name,
      productName: products.name,
      productPolicy: {
        expiryStrategy: products.expiryStrategy,
        gracePeriodDays: products.gracePeriodDays,
        clockStartsAt: products.clockStartsAt,
      },
      planPolicy: {
        expiryStrategy: plans.expiryStrategy,
        gracePeriodDays: plans.gracePeriodDays,
        clockStartsAt: plans.clockStartsAt,
      },
      customer: customerLabel,
      order: {
        status: orders.status,
        expiresAt: orders.expiresAt,
        paymentUrl: orders.paymentUrl,
        amount: orders.amount,
        currency: orders.currency,
      },
    })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .innerJoin(products, eq(products.id, plans.productId))
    .leftJoin(customers, eq(customers.id, subscriptions.customerId))
    .leftJoin(orders, eq(orders.id, subscriptions.renewalOrderId))
    .where(and(eq(subscriptions.vendorId, vendorId), eq(subscriptions.status, "past_due")))
    .orderBy(asc(subscriptions.currentPeriodEnd), asc(subscriptions.id))
    .limit(LIST_LIMIT);
  return rows.map((r) => {
    const s = r.subscription;
    const policy = effectiveExpiryPolicy(r.productPolicy, r.planPolicy);
    // The pay link is worth showing only while its order can still be paid.
    const open = r.order?.status === "pending" && r.order.expiresAt > now;
    return {
      subscriptionId: s.id,
      licenseId: s.licenseId,
      planName: r.planName,
      productName: r.productName,
      customer: r.customer,
      currentPeriodEnd: s.currentPeriodEnd?.toISOString() ?? null,
      graceEndsAt: s.currentPeriodEnd ? graceEndsAt(s.currentPeriodEnd, policy).toISOString() : null,
      paymentUrl: open ? (r.order?.paymentUrl ?? null) : null,
      amount: r.order?.amount ?? null,
      currency: r.order?.currency ?? null,
    };
  });
}

/**
 * A renewal counts when it was paid and kept: one refunded in part still renewed (net of the
 * refund), one refunded in full did not.
 */
const RENEWED = sql.raw(`('paid', 'partially_refunded')`);

async function recoveredRevenue(db: Database, vendorId: string, since: Date, now: Date) {
  // The previous payment for the same license or subscription bounds which notices count.
  const previousPayment: SQL = sql`coalesce((
    select max(p.paid_at) from orders p
    where p.vendor_id = o.vendor_id and p.status in ${RENEWED} and p.id <> o.id and p.paid_at < o.paid_at
      and (p.license_id = o.license_id or p.subscription_id = o.subscription_id)
  ), '-infinity'::timestamptz)`;
  const rows = rowsOf<{ currency: string; test: boolean; n: number | string; total: number | string }>(
    await db.execute(sql`
      select o.currency, o.test_mode as test, count(*)::int as n,
        sum(o.amount - o.refunded_amount)::bigint as total
      from orders o
      where o.vendor_id = ${vendorId} and o.kind = 'renewal' and o.status in ${RENEWED}
        and o.paid_at > ${since.toISOString()}::timestamptz and o.paid_at <= ${now.toISOString()}::timestamptz
        and (
          exists (
            select 1 from events e
            where e.license_id = o.license_id and e.type = 'license.expiring_soon'
              and e.created_at < o.paid_at and e.created_at > ${previousPayment})
          or exists (
            select 1 from events e
            where e.subject_type = 'subscription' and e.subject_id = o.subscription_id::text
              and e.type = 'subscription.past_due'
              and e.created_at < o.paid_at and e.created_at > ${previousPayment})
        )
      group by 1, 2`),
  );
  const recovered: Renewals["recovered"] = { revenue: {}, count: 0, testRevenue: {}, testCount: 0 };
  for (const r of rows) {
    const into = r.test ? recovered.testRevenue : recovered.revenue;
    into[r.currency] = (into[r.currency] ?? 0) + Number(r.total);
    if (r.test) recovered.testCount += Number(r.n);
    else recovered.count += Number(r.n);
  }
  return recovered;
}

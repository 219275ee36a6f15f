import { type Database, type DurationUnit, eq, rowsOf, sql, vendors } from "@keyway/db";
import type { RecurringMonth, RecurringRevenue, RenewalChurn } from "@keyway/schema";
import { DomainError } from "../shared/errors";
import { monthlyShare, type PaidPeriod, recurringAt, type SubscriptionPeriods } from "./recurring-periods";

/**
 * The dashboard's recurring view, per month in the vendor's time zone over the last `months`
 * (the current one last):
 * - MRR at the month's end (at `now` for the current month): each subscription in a paid period
 *   counts the price of the order that paid it, per month (a yearly one as a twelfth), less what
 *   was refunded; an order refunded in full pays for nothing.
 * - Renewals against churn: renewal orders paid in the month; subscriptions whose last period
 *   ended in it (cancelled, or expired unpaid); licenses outside subscriptions whose term ran
 *   out in it and was not renewed.
 * Test-mode orders and licenses (the sandbox) are kept apart, as the revenue series keeps them.
 */
export async function getRecurringRevenue(
  db: Database,
  params: { vendorId: string; months?: number; now?: Date },
): Promise<RecurringRevenue> {
  const [vendor] = await db
    .select({ timezone: vendors.timezone, currency: vendors.currency })
    .from(vendors)
    .where(eq(vendors.id, params.vendorId));
  if (!vendor) throw new DomainError("not_found", "Vendor not found.");
  const now = params.now ?? new Date();
  const count = params.months ?? 12;
  const tz = vendor.timezone;
  const nowAt = sql`${now.toISOString()}::timestamptz`;
  const months = rowsOf<{ month: string; starts: number; ends: number }>(
    await db.execute(sql`
      select to_char(m, 'YYYY-MM') as month,
        extract(epoch from (m at time zone ${tz}))::float8 * 1000 as starts,
        extract(epoch from ((m + interval '1 month') at time zone ${tz}))::float8 * 1000 as ends
      from generate_series(
        date_trunc('month', ${nowAt} at time zone ${tz}) - ${count - 1} * interval '1 month',
        date_trunc('month', ${nowAt} at time zone ${tz}),
        interval '1 month') as m
      order by m`),
  ).map((m) => ({ month: m.month, starts: Number(m.starts), ends: Number(m.ends) }));
  const first = months[0];
  if (!first) throw new DomainError("invalid_input", "Ask for at least one month.");
  const since = sql`${new Date(first.starts).toISOString()}::timestamptz`;

  const paid = rowsOf<{
    sub: number;
    paid_at: number;
    amount: number;
    currency: string;
    test: boolean;
    cycle: string | null;
    duration_value: number | null;
    duration_unit: DurationUnit | null;
    ends_at: number | null;
  }>(
    await db.execute(sql`
      select o.subscription_id as sub, extract(epoch from o.paid_at)::float8 * 1000 as paid_at,
        o.amount - o.refunded_amount as amount, o.currency, o.test_mode as test,
        coalesce(o.billing_cycle, s.billing_cycle) as cycle, o.duration_value, o.duration_unit,
        case when s.status in ('cancelled', 'expired') or s.cancel_at_period_end
          then extract(epoch from s.current_period_end)::float8 * 1000 end as ends_at
      from orders o join subscriptions s on s.id = o.subscription_id
      where o.vendor_id = ${params.vendorId} and o.status in ('paid', 'partially_refunded')
        and o.paid_at <= ${nowAt}
      order by o.subscription_id, o.paid_at, o.id`),
  );
  const bySubscription = new Map<number, SubscriptionPeriods>();
  for (const p of paid) {
    const sub = Number(p.sub);
    const periods = bySubscription.get(sub) ?? {
      endsAt: p.ends_at === null ? null : new Date(Number(p.ends_at)),
      paid: [] as PaidPeriod[],
    };
    const unit: DurationUnit = p.duration_unit ?? (p.cycle === "yearly" ? "year" : "month");
    const value = Number(p.duration_value ?? 1);
    periods.paid.push({
      paidAt: new Date(Number(p.paid_at)),
      durationValue: value,
      durationUnit: unit,
      monthly: monthlyShare(Number(p.amount), value, unit),
      currency: p.currency,
      test: Boolean(p.test),
    });
    bySubscription.set(sub, periods);
  }

  const dated = (query: ReturnType<typeof sql>) =>
    db.execute(query).then((r) => rowsOf<{ at: number; test: boolean }>(r));
  const renewals = await dated(sql`
    select extract(epoch from o.paid_at)::float8 * 1000 as at, o.test_mode as test
    from orders o
    where o.vendor_id = ${params.vendorId} and o.kind = 'renewal'
      and o.status in ('paid', 'partially_refunded') and o.paid_at >= ${since} and o.paid_at <= ${nowAt}`);
  const ended = await dated(sql`
    select extract(epoch from s.current_period_end)::float8 * 1000 as at, coalesce(l.test_mode, false) as test
    from subscriptions s left join licenses l on l.id = s.license_id
    where s.vendor_id = ${params.vendorId} and (s.status in ('cancelled', 'expired') or s.cancel_at_period_end)
      and s.current_period_end >= ${since} and s.current_period_end <= ${nowAt}`);
  const expired = await dated(sql`
    select extract(epoch from l.expires_at)::float8 * 1000 as at, l.test_mode as test
    from licenses l
    where l.vendor_id = ${params.vendorId} and l.status in ('active', 'expired')
      and l.expires_at >= ${since} and l.expires_at <= ${nowAt}
      and not exists (select 1 from subscriptions s where s.license_id = l.id)`);

  const series: RecurringMonth[] = months.map((m) => {
    const at = new Date(Math.min(m.ends - 1, now.getTime()));
    const { live, test } = recurringAt([...bySubscription.values()], at);
    return { month: m.month, mrr: live, testMrr: test, live: churn(), test: churn() };
  });
  const tally = (rows: { at: number; test: boolean }[], field: keyof RenewalChurn) => {
    for (const row of rows) {
      const at = Number(row.at);
      const i = months.findIndex((m) => m.starts <= at && at < m.ends);
      const month = series[i];
      if (month) month[row.test ? "test" : "live"][field] += 1;
    }
  };
  tally(renewals, "renewed");
  tally(ended, "ended");
  tally(expired, "expired");
  return { timezone: tz, currency: vendor.currency, months: series };
}

const churn = (): RenewalChurn => ({ renewed: 0, ended: 0, expired: 0 });

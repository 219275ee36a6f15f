import { type Database, eq, rowsOf, sql, vendors } from "@keyway/db";
import type { Dashboard } from "@keyway/schema";
import { DAY_MS } from "../shared/duration";
import { DomainError } from "../shared/errors";

/**
 * The console's dashboard: per day in the vendor's time zone, revenue (succeeded payments less
 * succeeded refunds, per currency; live and test-mode orders apart), new licenses (issued, not
 * pending) and verifications. Verifications are counted from each seat's and license's latest
 * verification time, so a license checked every day shows on its latest day only: an honest
 * lower bound without writing an event per verification.
 */
export async function getDashboard(
  db: Database,
  params: { vendorId: string; days: number; now?: Date },
): Promise<Dashboard> {
  const [vendor] = await db
    .select({ timezone: vendors.timezone, currency: vendors.currency })
    .from(vendors)
    .where(eq(vendors.id, params.vendorId));
  if (!vendor) throw new DomainError("not_found", "Vendor not found.");
  const tz = vendor.timezone;
  const now = params.now ?? new Date();
  const since = new Date(now.getTime() - params.days * DAY_MS);
  const day = (col: string) => sql.raw(`to_char(${col} at time zone `);

  // Money in (succeeded payments) less money back: succeeded refunds on the day they settled (a
  // refund row settles once), and lost disputes (the bank took it back) on the day they closed.
  // A refund of an order never paid (it beat the payment callback) took nothing back. Test money
  // is a test-mode order's (the sandbox's).
  const revenue = rowsOf<{ day: string; currency: string; test: boolean; total: number }>(
    await db.execute(sql`
      with money as (
        select p.created_at as at, p.currency, o.test_mode as test, p.amount
        from payments p join orders o on o.id = p.order_id
        where p.vendor_id = ${params.vendorId} and p.status = 'succeeded'
          and p.created_at >= ${since.toISOString()}::timestamptz
        union all
        select r.updated_at, r.currency, o.test_mode, -r.amount
        from refunds r join orders o on o.id = r.order_id
        where r.vendor_id = ${params.vendorId} and r.status = 'succeeded' and o.paid_at is not null
          and r.updated_at >= ${since.toISOString()}::timestamptz
        union all
        select d.closed_at, d.currency, o.test_mode, -d.amount
        from disputes d join orders o on o.id = d.order_id
        where d.vendor_id = ${params.vendorId} and d.status = 'lost'
          and d.closed_at >= ${since.toISOString()}::timestamptz
      )
      select ${day("at")}${tz}, 'YYYY-MM-DD') as day, currency, test, sum(amount)::int as total
      from money
      group by 1, 2, 3`),
  );
  const issued = rowsOf<{ day: string; n: number }>(
    await db.execute(sql`
      select ${day("l.created_at")}${tz}, 'YYYY-MM-DD') as day, count(*)::int as n
      from licenses l
      where l.vendor_id = ${params.vendorId} and l.status <> 'pending' and l.created_at >= ${since.toISOString()}::timestamptz
      group by 1`),
  );
  const verified = rowsOf<{ day: string; n: number }>(
    await db.execute(sql`
      select ${day("lv.at")}${tz}, 'YYYY-MM-DD') as day, count(*)::int as n
      from licenses l join last_verified lv on lv.id = l.id
      where l.vendor_id = ${params.vendorId} and lv.at >= ${since.toISOString()}::timestamptz
      group by 1`),
  );
  // Orders by their state now: paid ones (refunded in part too) and those refunded in full.
  const [totals] = rowsOf<{
    active: number;
    paid: number;
    test_paid: number;
    refunded: number;
    test_refunded: number;
  }>(
    await db.execute(sql`
      select
        (select count(*)::int from licenses where vendor_id = ${params.vendorId} and status = 'active'
           and (expires_at is null or expires_at > ${now.toISOString()}::timestamptz)) as active,
        count(*) filter (where o.status in ('paid', 'partially_refunded') and not o.test_mode)::int as paid,
        count(*) filter (where o.status in ('paid', 'partially_refunded') and o.test_mode)::int as test_paid,
        count(*) filter (where o.status = 'refunded' and not o.test_mode)::int as refunded,
        count(*) filter (where o.status = 'refunded' and o.test_mode)::int as test_refunded
      from orders o
      where o.vendor_id = ${params.vendorId} and o.created_at >= ${since.toISOString()}::timestamptz`),
  );
  const failing = rowsOf<{
    endpoint_id: string;
    url: string;
    failed: number;
    consecutive_failures: number;
    last_error: string | null;
  }>(
    await db.execute(sql`
      select e.id as endpoint_id, e.url, e.consecutive_failures,
        (select count(*)::int from webhook_deliveries d where d.endpoint_id = e.id and d.status = 'failed') as failed,
        (select d.last_error from webhook_deliveries d where d.endpoint_id = e.id and d.last_error is not null
           order by d.created_at desc limit 1) as last_error
      from webhook_endpoints e
      where e.vendor_id = ${params.vendorId} and e.deleted_at is null`),
  ).filter((e) => e.failed > 0 || e.consecutive_failures > 0);

  const days: Dashboard["days"] = [];
  const fmt = new Intl.DateTimeFormat("en-CA", {
    timeZone: tz,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  for (let i = params.days - 1; i >= 0; i--) {
    const d = fmt.format(new Date(now.getTime() - i * DAY_MS));
    if (days.at(-1)?.day !== d)
      days.push({ day: d, revenue: {}, testRevenue: {}, newLicenses: 0, verifications: 0 });
  }
  const byDay = new Map(days.map((d) => [d.day, d]));
  const totalRevenue: Record<string, number> = {};
  const totalTestRevenue: Record<string, number> = {};
  for (const r of revenue) {
    const d = byDay.get(r.day);
    if (d) (r.test ? d.testRevenue : d.revenue)[r.currency] = Number(r.total);
    const total = r.test ? totalTestRevenue : totalRevenue;
    total[r.currency] = (total[r.currency] ?? 0) + Number(r.total);
  }
  let newLicenses = 0;
  for (const r of issued) {
    const d = byDay.get(r.day);
    if (d) d.newLicenses = Number(r.n);
    newLicenses += Number(r.n);
  }
  for (const r of verified) {
    const d = byDay.get(r.day);
    if (d) d.verifications = Number(r.n);
  }
  return {
    timezone: tz,
    currency: vendor.currency,
    days,
    totals: {
      revenue: totalRevenue,
      testRevenue: totalTestRevenue,
      newLicenses,
      activeLicenses: Number(totals?.active ?? 0),
      paidOrders: Number(totals?.paid ?? 0),
      testPaidOrders: Number(totals?.test_paid ?? 0),
      refundedOrders: Number(totals?.refunded ?? 0),
      testRefundedOrders: Number(totals?.test_refunded ?? 0),
    },
    failingWebhooks: failing.map((e) => ({
      endpointId: e.endpoint_id,
      url: e.url,
      failedDeliveries: Number(e.failed),
      consecutiveFailures: Number(e.consecutive_failures),
      lastError: e.last_error,
    })),
  };
}

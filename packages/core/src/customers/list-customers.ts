import { type Database, rowsOf, sql } from "@keyway/db";
import type { Customer } from "@keyway/schema";

/**
 * The vendor's customers with how many licenses and paid orders each has (refunded in part still
 * counts as paid; refunded in full does not); `query` matches email, phone or name.
 */
export async function listCustomers(
  db: Database,
  params: { vendorId: string; query?: string | undefined; limit: number; offset: number },
): Promise<{ items: Customer[]; total: number }> {
  const q = params.query?.trim();
  const like = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const filter = like
    ? sql`and (c.email ilike ${like} or c.phone ilike ${like} or c.name ilike ${like} or c.id = ${q})`
    : sql``;
  const rows = rowsOf<{
    id: string;
    email: string | null;
    phone: string | null;
    name: string | null;
    created_at: string | Date;
    licenses: number;
    paid_orders: number;
    total: number;
  }>(
    await db.execute(sql`
      select c.id, c.email, c.phone, c.name, c.created_at,
        (select count(*)::int from licenses l where l.customer_id = c.id and l.vendor_id = c.vendor_id) as licenses,
        (select count(*)::int from orders o where o.customer_id = c.id and o.vendor_id = c.vendor_id
           and o.status in ('paid', 'partially_refunded')) as paid_orders,
        count(*) over ()::int as total
      from customers c
      where c.vendor_id = ${params.vendorId} ${filter}
      order by c.created_at desc, c.id
      limit ${params.limit} offset ${params.offset}`),
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    items: rows.map((r) => ({
      id: r.id,
      email: r.email,
      phone: r.phone,
      name: r.name,
      licenses: Number(r.licenses),
      paidOrders: Number(r.paid_orders),
      createdAt: new Date(r.created_at).toISOString(),
    })),
  };
}

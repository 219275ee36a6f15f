import { and, customers, type Executor, eq, or, type SQL, sql } from "@keyway/db";
import type { Customer } from "@keyway/schema";
import { afterCursor, newestFirst, pageOf } from "../shared/cursor";

/**
 * A customer as the vendor sees them, with how many licenses and paid orders they have
 * (refunded in part still counts as paid; refunded in full does not).
 */
const customerColumns = {
  id: customers.id,
  email: customers.email,
  phone: customers.phone,
  name: customers.name,
  createdAt: customers.createdAt,
  // Spelled out: drizzle leaves columns unqualified in a one-table select, and a bare "id" in
  // these subqueries would be the license's or the order's own.
  licenses: sql<number>`(select count(*)::int from licenses l
    where l.customer_id = customers.id and l.vendor_id = customers.vendor_id)`,
  paidOrders: sql<number>`(select count(*)::int from orders o
    where o.customer_id = customers.id and o.vendor_id = customers.vendor_id
      and o.status in ('paid', 'partially_refunded'))`,
};

interface CustomerRow {
  id: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  createdAt: Date;
  licenses: number;
  paidOrders: number;
}

export function customerView(r: CustomerRow): Customer {
  return {
    id: r.id,
    email: r.email,
    phone: r.phone,
    name: r.name,
    licenses: Number(r.licenses),
    paidOrders: Number(r.paidOrders),
    createdAt: r.createdAt.toISOString(),
  };
}

/** The vendor's customers matching `where`, newest first: one query, the counts as subqueries. */
export async function selectCustomers(
  db: Executor,
  vendorId: string,
  where: (SQL | undefined)[],
  limit: number,
): Promise<CustomerRow[]> {
  return db
    .select(customerColumns)
    .from(customers)
    .where(and(eq(customers.vendorId, vendorId), ...where))
    .orderBy(...newestFirst(customers))
    .limit(limit);
}

/**
 * A page of the vendor's customers, newest first; `query` matches email, phone or name (in part)
 * or the customer's id. Pass `nextCursor` back as `cursor` for the next page.
 */
export async function listCustomers(
  db: Executor,
  params: { vendorId: string; query?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: Customer[]; nextCursor: string | null }> {
  const q = params.query?.trim();
  const like = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await selectCustomers(
    db,
    params.vendorId,
    [
      q && like
        ? or(
            sql`${customers.email} ilike ${like}`,
            sql`${customers.phone} ilike ${like}`,
            sql`${customers.name} ilike ${like}`,
            eq(customers.id, q),
          )
        : undefined,
      params.cursor ? afterCursor(customers, params.cursor, params.vendorId) : undefined,
    ],
    params.limit + 1,
  );
  const { page, nextCursor } = pageOf(rows, params.limit, (r) => r.id);
  return { items: page.map(customerView), nextCursor };
}

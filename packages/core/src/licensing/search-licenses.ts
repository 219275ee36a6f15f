import { type Database, rowsOf, sql } from "@keyway/db";
import type { LicenseSearchHit } from "@keyway/schema";
import { normaliseDomain } from "@keyway/schema";
import { licenseStatus } from "./license-status";

/**
 * One search box for the console: a license key (or part of it), a customer's email, phone or
 * name, a bound domain (normalised as verification does) or a serial number.
 */
export async function searchLicenses(
  db: Database,
  params: { vendorId: string; query: string; limit: number; now?: Date },
): Promise<LicenseSearchHit[]> {
  const q = params.query.trim();
  const esc = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
  const like = `%${esc(q)}%`;
  const normalised = normaliseDomain(q);
  const domain = normalised.ok ? normalised.value : q;
  const filter = q
    ? sql`and (
        l.key ilike ${like} or l.id = ${q}
        or c.email ilike ${like} or c.phone ilike ${like} or c.name ilike ${like}
        or exists (select 1 from activations a where a.license_id = l.id
                   and (a.value = ${domain} or a.value ilike ${like} or a.label ilike ${like}))
      )`
    : sql``;
  const rows = rowsOf<{
    id: string;
    key: string;
    status: "pending" | "active" | "suspended" | "revoked";
    expires_at: string | Date | null;
    created_at: string | Date;
    product_name: string;
    customer: string | null;
    bindings: string[] | null;
  }>(
    await db.execute(sql`
      select l.id, l.key, l.status, l.expires_at, l.created_at, p.name as product_name,
        coalesce(c.email, c.phone, c.name) as customer,
        (select array_agg(coalesce(a.label, a.value) order by a.activated_at) from activations a
          where a.license_id = l.id and a.deactivated_at is null) as bindings
      from licenses l
      join products p on p.id = l.product_id
      left join customers c on c.id = l.customer_id
      where l.vendor_id = ${params.vendorId} ${filter}
      order by l.created_at desc, l.id
      limit ${params.limit}`),
  );
  const now = params.now ?? new Date();
  return rows.map((r) => {
    const expiresAt = r.expires_at ? new Date(r.expires_at) : null;
    return {
      id: r.id,
      key: r.key,
      status: licenseStatus({ status: r.status, expiresAt }, now),
      productName: r.product_name,
      customer: r.customer,
      bindings: r.bindings ?? [],
      expiresAt: expiresAt?.toISOString() ?? null,
      createdAt: new Date(r.created_at).toISOString(),
    };
  });
}

import {
  entitlements,
  licenseEntitlements,
  licenses,
  planEntitlements,
  productEntitlements,
  products,
  type SQL,
  sql,
} from "@keyway/db";

/**
 * What a license grants, read with its verification snapshot (license-snapshot.ts) as two
 * correlated subqueries of the same one query, each on the grant tables' primary keys: the codes
 * of its product, its plan and its own grants; and the customer's licenses of add-ons of its
 * product (whatever their state) with what each grants. Whether an add-on counts (active, not
 * past its expiry) is decided at answer time (entitlements-of.ts), so a cached snapshot stays
 * right as time passes; the add-ons' ids let the verification cache forget the base license
 * when an add-on license changes (verification-cache-dependents.ts).
 */

/** A customer's license of an add-on of this license's product, and what it grants. */
export interface AddonGrant {
  licenseId: string;
  status: string;
  expiresAt: Date | null;
  /** Codes of the add-on's product, plan and own grants, sorted. */
  entitlements: string[];
}

export interface RawAddonGrant {
  id: string;
  status: string;
  expiresAt: string | null;
  entitlements: string[];
}

/** Codes granted through `product`, `plan` and the license itself (the columns of one license row). */
function grantedCodes(productId: SQL, planId: SQL, licenseId: SQL) {
  return sql`(select coalesce(json_agg(e.code), '[]'::json) from ${entitlements} e where e.id in (
    select pe.entitlement_id from ${productEntitlements} pe where pe.product_id = ${productId}
    union select pl.entitlement_id from ${planEntitlements} pl where pl.plan_id = ${planId}
    union select le.entitlement_id from ${licenseEntitlements} le where le.license_id = ${licenseId}))`;
}

/** The license's own codes (product, plan, its grants) in the current `licenses` row. */
export const licenseCodesJson = sql<string[] | string>`${grantedCodes(
  sql`${licenses.productId}`,
  sql`${licenses.planId}`,
  sql`${licenses.id}`,
)}`;

/** The customer's add-on licenses of the current row's product, each with its codes. */
export const addonGrantsJson = sql<RawAddonGrant[] | string>`coalesce((
  select json_agg(json_build_object(
    'id', a.id, 'status', a.status, 'expiresAt', a.expires_at,
    'entitlements', ${grantedCodes(sql`a.product_id`, sql`a.plan_id`, sql`a.id`)}
  ) order by a.id)
  from ${licenses} a join ${products} ap on ap.id = a.product_id
  where a.customer_id = ${licenses.customerId} and ap.parent_product_id = ${licenses.productId}
    and a.vendor_id = ${licenses.vendorId} and a.id <> ${licenses.id}
), '[]'::json)`;

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Codes as read (JSON text on some drivers), de-duplicated and sorted by code point. */
export function parseCodes(raw: string[] | string | null | undefined): string[] {
  const list: string[] = typeof raw === "string" ? (JSON.parse(raw) as string[]) : (raw ?? []);
  return list.length < 2 ? list : [...new Set(list)].sort(byCode);
}

export function parseAddonGrants(raw: RawAddonGrant[] | string | null | undefined): AddonGrant[] {
  const list: RawAddonGrant[] = typeof raw === "string" ? (JSON.parse(raw) as RawAddonGrant[]) : (raw ?? []);
  return list.map((a) => ({
    licenseId: a.id,
    status: a.status,
    expiresAt: a.expiresAt ? new Date(a.expiresAt) : null,
    entitlements: parseCodes(a.entitlements),
  }));
}

export { byCode as compareCodes };

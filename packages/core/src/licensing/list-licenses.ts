import { and, type Executor, eq, gt, isNull, licenses, lte, or, type SQL } from "@keyway/db";
import type { License, LicenseStatus } from "@keyway/schema";
import { afterCursor, newestFirst, pageOf } from "../shared/cursor";
import { selectSnapshots, toSnapshot } from "./license-snapshot";
import { licenseView } from "./license-views";

export interface ListLicensesParams {
  vendorId: string;
  limit?: number;
  cursor?: string | undefined;
  status?: LicenseStatus | undefined;
  customerId?: string | undefined;
  productId?: string | undefined;
  key?: string | undefined;
  now?: Date;
}

/**
 * A page of the vendor's licenses with their live seats, newest first: one query per page
 * (seats come from the correlated JSON subquery, never N+1). Also the portal's "my licenses"
 * (filter on customerId).
 */
export async function listLicenses(
  db: Executor,
  params: ListLicensesParams,
): Promise<{ items: License[]; nextCursor: string | null }> {
  const now = params.now ?? new Date();
  const limit = Math.min(Math.max(params.limit ?? 20, 1), 100);
  const conditions: (SQL | undefined)[] = [eq(licenses.vendorId, params.vendorId)];
  if (params.customerId) conditions.push(eq(licenses.customerId, params.customerId));
  if (params.productId) conditions.push(eq(licenses.productId, params.productId));
  if (params.key) conditions.push(eq(licenses.key, params.key.trim().toUpperCase()));
  switch (params.status) {
    case undefined:
      break;
    case "active":
      conditions.push(
        eq(licenses.status, "active"),
        or(isNull(licenses.expiresAt), gt(licenses.expiresAt, now)),
      );
      break;
    case "expired":
      conditions.push(eq(licenses.status, "active"), lte(licenses.expiresAt, now));
      break;
    default:
      conditions.push(eq(licenses.status, params.status));
  }
  if (params.cursor) conditions.push(afterCursor(licenses, params.cursor, params.vendorId));
  const rows = await selectSnapshots(db)
    .where(and(...conditions))
    .orderBy(...newestFirst(licenses))
    .limit(limit + 1);
  const { page, nextCursor } = pageOf(rows, limit, (r) => r.license?.id ?? "");
  const items = page.flatMap((r) => (r.license ? [licenseView(toSnapshot(r, r.license), now)] : []));
  return { items, nextCursor };
}

import { type Executor, entitlements, eq, inArray, planEntitlements, productEntitlements } from "@keyway/db";
import { compareCodes } from "./snapshot-entitlements";

/**
 * The codes attached to products or plans, for their views in the vendor API (catalog/products.ts,
 * catalog/plans.ts): one query for a whole list.
 */
export async function codesOfHolders(
  db: Executor,
  holder: "product" | "plan",
  ids: readonly string[],
): Promise<Map<string, string[]>> {
  const byHolder = new Map<string, string[]>();
  if (ids.length === 0) return byHolder;
  const rows =
    holder === "product"
      ? await db
          .select({ holderId: productEntitlements.productId, code: entitlements.code })
          .from(productEntitlements)
          .innerJoin(entitlements, eq(entitlements.id, productEntitlements.entitlementId))
          .where(inArray(productEntitlements.productId, [...ids]))
      : await db
          .select({ holderId: planEntitlements.planId, code: entitlements.code })
          .from(planEntitlements)
          .innerJoin(entitlements, eq(entitlements.id, planEntitlements.entitlementId))
          .where(inArray(planEntitlements.planId, [...ids]));
  for (const { holderId, code } of rows) {
    const codes = byHolder.get(holderId) ?? [];
    codes.push(code);
    byHolder.set(holderId, codes);
  }
  for (const codes of byHolder.values()) codes.sort(compareCodes);
  return byHolder;
}

/** Views of products or plans with the codes attached to each (`entitlements`, sorted). */
export async function withEntitlementCodes<T extends { id: string }>(
  db: Executor,
  holder: "product" | "plan",
  views: T[],
): Promise<(T & { entitlements: string[] })[]> {
  const codes = await codesOfHolders(
    db,
    holder,
    views.map((v) => v.id),
  );
  return views.map((v) => ({ ...v, entitlements: codes.get(v.id) ?? [] }));
}

/** One view with its codes. */
export async function withEntitlementCodesOf<T extends { id: string }>(
  db: Executor,
  holder: "product" | "plan",
  view: T,
): Promise<T & { entitlements: string[] }> {
  const [one] = await withEntitlementCodes(db, holder, [view]);
  return one ?? { ...view, entitlements: [] };
}

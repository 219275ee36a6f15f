import {
  and,
  type Executor,
  entitlements,
  eq,
  licenseEntitlements,
  licenses,
  planEntitlements,
  plans,
  productEntitlements,
  products,
} from "@keyway/db";
import type { EntitlementGrants, EntitlementHolder } from "@keyway/schema";
import { DomainError } from "../shared/errors";
import { parseCodes } from "./snapshot-entitlements";

/**
 * Attaching an entitlement to a product or a plan (every license of it grants it) or to one
 * license. Both sides must be the vendor's: another vendor's id reads as not found. Attaching twice
 * or detaching what is not attached changes nothing. The grant tables' triggers (migration 0010)
 * tell every verification cache: a product or plan grant flushes them all, a license grant forgets
 * that license, so the next verification answers the new set.
 */

export interface GrantParams {
  vendorId: string;
  holder: EntitlementHolder;
  /** The product, plan or license id. */
  holderId: string;
  entitlementId: string;
}

const holderWords = {
  product: { label: "Product", field: "productId" },
  plan: { label: "Plan", field: "planId" },
  license: { label: "License", field: "licenseId" },
} as const;

function findHolder(db: Executor, params: GrantParams) {
  const { holderId: id, vendorId } = params;
  switch (params.holder) {
    case "product":
      return db
        .select({ id: products.id })
        .from(products)
        .where(and(eq(products.id, id), eq(products.vendorId, vendorId)));
    case "plan":
      return db
        .select({ id: plans.id })
        .from(plans)
        .where(and(eq(plans.id, id), eq(plans.vendorId, vendorId)));
    case "license":
      return db
        .select({ id: licenses.id })
        .from(licenses)
        .where(and(eq(licenses.id, id), eq(licenses.vendorId, vendorId)));
  }
}

async function assertHolder(db: Executor, params: GrantParams): Promise<void> {
  const [row] = await findHolder(db, params);
  const { label, field } = holderWords[params.holder];
  if (!row) throw new DomainError("not_found", `${label} not found.`, { field });
}

async function assertEntitlement(db: Executor, params: GrantParams): Promise<void> {
  const [row] = await db
    .select({ id: entitlements.id })
    .from(entitlements)
    .where(and(eq(entitlements.id, params.entitlementId), eq(entitlements.vendorId, params.vendorId)));
  if (!row) throw new DomainError("not_found", "Entitlement not found.", { field: "entitlementId" });
}

/** The codes attached to the holder itself (not what its licenses get from elsewhere), sorted. */
export async function holderCodes(
  db: Executor,
  holder: EntitlementHolder,
  holderId: string,
): Promise<string[]> {
  const rows = await (holder === "product"
    ? db
        .select({ code: entitlements.code })
        .from(productEntitlements)
        .innerJoin(entitlements, eq(entitlements.id, productEntitlements.entitlementId))
        .where(eq(productEntitlements.productId, holderId))
    : holder === "plan"
      ? db
          .select({ code: entitlements.code })
          .from(planEntitlements)
          .innerJoin(entitlements, eq(entitlements.id, planEntitlements.entitlementId))
          .where(eq(planEntitlements.planId, holderId))
      : db
          .select({ code: entitlements.code })
          .from(licenseEntitlements)
          .innerJoin(entitlements, eq(entitlements.id, licenseEntitlements.entitlementId))
          .where(eq(licenseEntitlements.licenseId, holderId)));
  return parseCodes(rows.map((r) => r.code));
}

async function grantsOf(db: Executor, params: GrantParams): Promise<EntitlementGrants> {
  return {
    holder: params.holder,
    id: params.holderId,
    entitlements: await holderCodes(db, params.holder, params.holderId),
  };
}

/** The codes attached to the vendor's product, plan or license itself. */
export async function entitlementGrantsOf(
  db: Executor,
  params: Omit<GrantParams, "entitlementId">,
): Promise<EntitlementGrants> {
  await assertHolder(db, { ...params, entitlementId: "" });
  return grantsOf(db, { ...params, entitlementId: "" });
}

/** Attaches the entitlement to the product, plan or license (idempotent). */
export async function attachEntitlement(db: Executor, params: GrantParams): Promise<EntitlementGrants> {
  await assertHolder(db, params);
  await assertEntitlement(db, params);
  const { holderId, entitlementId } = params;
  if (params.holder === "product") {
    await db.insert(productEntitlements).values({ productId: holderId, entitlementId }).onConflictDoNothing();
  } else if (params.holder === "plan") {
    await db.insert(planEntitlements).values({ planId: holderId, entitlementId }).onConflictDoNothing();
  } else {
    await db.insert(licenseEntitlements).values({ licenseId: holderId, entitlementId }).onConflictDoNothing();
  }
  return grantsOf(db, params);
}

/** Detaches it (idempotent): the holder's licenses stop answering it at once. */
export async function detachEntitlement(db: Executor, params: GrantParams): Promise<EntitlementGrants> {
  await assertHolder(db, params);
  await assertEntitlement(db, params);
  const { holderId, entitlementId } = params;
  if (params.holder === "product") {
    await db
      .delete(productEntitlements)
      .where(
        and(
          eq(productEntitlements.productId, holderId),
          eq(productEntitlements.entitlementId, entitlementId),
        ),
      );
  } else if (params.holder === "plan") {
    await db
      .delete(planEntitlements)
      .where(and(eq(planEntitlements.planId, holderId), eq(planEntitlements.entitlementId, entitlementId)));
  } else {
    await db
      .delete(licenseEntitlements)
      .where(
        and(
          eq(licenseEntitlements.licenseId, holderId),
          eq(licenseEntitlements.entitlementId, entitlementId),
        ),
      );
  }
  return grantsOf(db, params);
}

import {
  and,
  type Executor,
  entitlements,
  eq,
  newId,
  planEntitlements,
  productEntitlements,
  type SQL,
  sql,
} from "@keyway/db";
import { ENTITLEMENT_CODE_PATTERN, ENTITLEMENT_CODE_RULE, type Entitlement } from "@keyway/schema";
import { afterCursor, newestFirst, pageOf } from "../shared/cursor";
import { DomainError } from "../shared/errors";
import { isUniqueViolation } from "../shared/unique-violation";

/**
 * A vendor's entitlements: named feature codes (`PRO_EXPORT`), unique per vendor. Each is read
 * with the products and plans it is attached to (two correlated subqueries, one query a page).
 * A change of code reaches every verification cache through the entitlements trigger (migration
 * 0010: it flushes them, as a catalog change does).
 */

const productIdsJson = sql<
  string[] | string
>`(select coalesce(json_agg(pe.product_id order by pe.product_id), '[]'::json)
  from ${productEntitlements} pe where pe.entitlement_id = ${entitlements.id})`;
const planIdsJson = sql<
  string[] | string
>`(select coalesce(json_agg(pl.plan_id order by pl.plan_id), '[]'::json)
  from ${planEntitlements} pl where pl.entitlement_id = ${entitlements.id})`;

const columns = {
  id: entitlements.id,
  code: entitlements.code,
  name: entitlements.name,
  description: entitlements.description,
  createdAt: entitlements.createdAt,
  updatedAt: entitlements.updatedAt,
  productIds: productIdsJson,
  planIds: planIdsJson,
};

type Row = {
  id: string;
  code: string;
  name: string;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
  productIds: string[] | string;
  planIds: string[] | string;
};

const ids = (raw: string[] | string): string[] =>
  typeof raw === "string" ? (JSON.parse(raw) as string[]) : raw;

function entitlementView(r: Row): Entitlement {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    description: r.description,
    productIds: ids(r.productIds),
    planIds: ids(r.planIds),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

function notFound(): DomainError {
  return new DomainError("not_found", "Entitlement not found.", { field: "entitlementId" });
}

function assertCode(code: string): void {
  if (!ENTITLEMENT_CODE_PATTERN.test(code)) {
    throw new DomainError("invalid_input", `The code ${ENTITLEMENT_CODE_RULE}.`, { field: "code" });
  }
}

function duplicate(code: string): DomainError {
  return new DomainError("conflict", `You already have an entitlement with the code ${code}.`, {
    field: "code",
  });
}

async function selectOne(db: Executor, vendorId: string, entitlementId: string): Promise<Entitlement> {
  const [row] = await db
    .select(columns)
    .from(entitlements)
    .where(and(eq(entitlements.id, entitlementId), eq(entitlements.vendorId, vendorId)));
  if (!row) throw notFound();
  return entitlementView(row);
}

/** One of the vendor's entitlements, by id (another vendor's reads as not found). */
export async function getEntitlement(
  db: Executor,
  params: { vendorId: string; entitlementId: string },
): Promise<Entitlement> {
  return selectOne(db, params.vendorId, params.entitlementId);
}

/** The vendor's entitlements, newest first, a page at a time. */
export async function listEntitlements(
  db: Executor,
  params: { vendorId: string; limit?: number; cursor?: string | undefined },
): Promise<{ items: Entitlement[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(params.limit ?? 50, 1), 100);
  const conditions: SQL[] = [eq(entitlements.vendorId, params.vendorId)];
  if (params.cursor) conditions.push(afterCursor(entitlements, params.cursor, params.vendorId));
  const rows = await db
    .select(columns)
    .from(entitlements)
    .where(and(...conditions))
    .orderBy(...newestFirst(entitlements))
    .limit(limit + 1);
  const { page, nextCursor } = pageOf(rows, limit, (r) => r.id);
  return { items: page.map(entitlementView), nextCursor };
}

export interface CreateEntitlementParams {
  vendorId: string;
  code: string;
  name: string;
  description?: string | null | undefined;
  now?: Date;
}

export async function createEntitlement(db: Executor, params: CreateEntitlementParams): Promise<Entitlement> {
  assertCode(params.code);
  const now = params.now ?? new Date();
  const id = newId("ent");
  try {
    await db.insert(entitlements).values({
      id,
      vendorId: params.vendorId,
      code: params.code,
      name: params.name.trim(),
      description: params.description ?? null,
      createdAt: now,
      updatedAt: now,
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate(params.code);
    throw e;
  }
  return selectOne(db, params.vendorId, id);
}

export interface UpdateEntitlementParams {
  vendorId: string;
  entitlementId: string;
  code?: string | undefined;
  name?: string | undefined;
  description?: string | null | undefined;
  now?: Date;
}

/** Changes the fields given; a new code applies to every license that has it at once. */
export async function updateEntitlement(db: Executor, params: UpdateEntitlementParams): Promise<Entitlement> {
  if (params.code !== undefined) assertCode(params.code);
  const set: Partial<typeof entitlements.$inferInsert> = { updatedAt: params.now ?? new Date() };
  if (params.code !== undefined) set.code = params.code;
  if (params.name !== undefined) set.name = params.name.trim();
  if (params.description !== undefined) set.description = params.description;
  try {
    const updated = await db
      .update(entitlements)
      .set(set)
      .where(and(eq(entitlements.id, params.entitlementId), eq(entitlements.vendorId, params.vendorId)))
      .returning({ id: entitlements.id });
    if (updated.length === 0) throw notFound();
  } catch (e) {
    if (params.code !== undefined && isUniqueViolation(e)) throw duplicate(params.code);
    throw e;
  }
  return selectOne(db, params.vendorId, params.entitlementId);
}

/** Deletes it and every grant of it (the grants cascade); licenses stop answering it at once. */
export async function deleteEntitlement(
  db: Executor,
  params: { vendorId: string; entitlementId: string },
): Promise<{ id: string; deleted: true }> {
  const deleted = await db
    .delete(entitlements)
    .where(and(eq(entitlements.id, params.entitlementId), eq(entitlements.vendorId, params.vendorId)))
    .returning({ id: entitlements.id });
  if (deleted.length === 0) throw notFound();
  return { id: params.entitlementId, deleted: true };
}

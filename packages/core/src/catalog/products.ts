import {
  and,
  asc,
  type Database,
  eq,
  isNull,
  type KeyFormat,
  products,
  sql,
  type Transaction,
  vendors,
} from "@keyway/db";
import {
  type ClockStartsAt,
  type CreateProductInput,
  DEFAULT_KEY_FORMAT,
  type ExpiryStrategy,
  type Product,
  UNAMBIGUOUS_ALPHABET,
  type UpdateProductInput,
} from "@keyway/schema";
import { withEntitlementCodes, withEntitlementCodesOf } from "../entitlements/holder-codes";
import { DomainError } from "../shared/errors";
import { isUniqueViolation } from "../shared/unique-violation";
import { assertAmount } from "./price-rules";
import { seatSettingsOf } from "./seat-settings";

type Row = typeof products.$inferSelect;

/** The longest grace period (days), as the database's check. */
const MAX_GRACE_DAYS = 365;

/** A product's columns as the API shows them; `withEntitlementCodes` adds its codes. */
export function productView(r: Row): Omit<Product, "entitlements"> {
  return {
    id: r.id,
    kind: r.kind,
    number: r.number,
    slug: r.slug,
    name: r.name,
    version: r.version,
    description: r.description,
    parentProductId: r.parentProductId,
    keyFormat: r.keyFormat,
    bindingKind: r.bindingKind,
    maxSeats: r.maxSeats,
    price: r.price,
    currency: r.currency,
    durationValue: r.durationValue,
    durationUnit: r.durationUnit,
    expiryStrategy: r.expiryStrategy,
    gracePeriodDays: r.gracePeriodDays,
    clockStartsAt: r.clockStartsAt,
    onRefund: r.onRefund,
    seatMode: r.seatMode,
    heartbeatSeconds: r.heartbeatSeconds,
    devDomainPatterns: r.devDomainPatterns,
    certificateTtlDays: r.certificateTtlDays,
    archivedAt: r.archivedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function findProduct(
  db: Database | Transaction,
  vendorId: string,
  productId: string,
): Promise<Row> {
  const [row] = await db
    .select()
    .from(products)
    .where(and(eq(products.id, productId), eq(products.vendorId, vendorId)));
  if (!row) throw new DomainError("not_found", "Product not found.");
  return row;
}

export async function listProducts(
  db: Database,
  params: { vendorId: string; kind?: Product["kind"] | undefined; includeArchived?: boolean | undefined },
): Promise<Product[]> {
  const rows = await db
    .select()
    .from(products)
    .where(
      and(
        eq(products.vendorId, params.vendorId),
        params.kind ? eq(products.kind, params.kind) : undefined,
        params.includeArchived ? undefined : isNull(products.archivedAt),
      ),
    )
    .orderBy(asc(products.kind), asc(products.number));
  return withEntitlementCodes(db, "product", rows.map(productView));
}

export async function getProduct(
  db: Database,
  params: { vendorId: string; productId: string },
): Promise<Product> {
  return withEntitlementCodesOf(
    db,
    "product",
    productView(await findProduct(db, params.vendorId, params.productId)),
  );
}

function slugify(name: string): string {
  return (
    name
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 50) || "product"
  );
}

function keyFormatOf(input: CreateProductInput["keyFormat"]): KeyFormat {
  return input ? { ...input, alphabet: UNAMBIGUOUS_ALPHABET } : DEFAULT_KEY_FORMAT;
}

function assertPricing(p: {
  kind: Product["kind"];
  price: number | null;
  durationValue: number | null;
  durationUnit: string | null;
}) {
  if ((p.durationValue === null) !== (p.durationUnit === null)) {
    throw new DomainError("invalid_input", "Give both a duration and its unit, or neither (perpetual).", {
      field: "durationValue",
    });
  }
  assertAmount(p.price, "price");
  if (p.kind === "addon" && p.price === null) {
    throw new DomainError("invalid_input", "An add-on needs a price.", { field: "price" });
  }
}

/** The contract bounds it already; this holds for callers that skip it (as the database's check). */
export function assertGracePeriodDays(days: number | null | undefined) {
  if (days === undefined || days === null) return;
  if (!Number.isInteger(days) || days < 0 || days > MAX_GRACE_DAYS) {
    throw new DomainError(
      "invalid_input",
      `The grace period is a whole number of days, 0 to ${MAX_GRACE_DAYS}.`,
      { field: "gracePeriodDays" },
    );
  }
}

/**
 * A product's expiry-policy fields that were given: omitted ones take the database's defaults
 * on creation (restrict, 0 days, purchase) and stay as they are on edit.
 */
function expiryPolicyOf(p: {
  expiryStrategy?: ExpiryStrategy | undefined;
  gracePeriodDays?: number | undefined;
  clockStartsAt?: ClockStartsAt | undefined;
}) {
  assertGracePeriodDays(p.gracePeriodDays);
  const set: { expiryStrategy?: ExpiryStrategy; gracePeriodDays?: number; clockStartsAt?: ClockStartsAt } =
    {};
  if (p.expiryStrategy !== undefined) set.expiryStrategy = p.expiryStrategy;
  if (p.gracePeriodDays !== undefined) set.gracePeriodDays = p.gracePeriodDays;
  if (p.clockStartsAt !== undefined) set.clockStartsAt = p.clockStartsAt;
  return set;
}

async function assertParent(tx: Transaction, vendorId: string, parentId: string | null | undefined) {
  if (!parentId) return;
  const parent = await findProduct(tx, vendorId, parentId);
  if (parent.kind !== "software") {
    throw new DomainError("invalid_input", "An add-on extends one of your software products.", {
      field: "parentProductId",
    });
  }
}

/**
 * A new product. `number` (the dialects' integer id) is unique per kind across Keyway: the next
 * one is max+1 inside the transaction, retried when a concurrent creation took it first.
 */
export async function createProduct(
  db: Database,
  params: CreateProductInput & { vendorId: string },
): Promise<Product> {
  const price = params.price ?? null;
  const durationValue = params.durationValue ?? null;
  const durationUnit = params.durationUnit ?? null;
  assertPricing({ kind: params.kind, price, durationValue, durationUnit });
  const slug = params.slug ?? slugify(params.name);
  const seats = seatSettingsOf(params);
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        await assertParent(tx, params.vendorId, params.parentProductId);
        const [vendor] = await tx
          .select({ currency: vendors.currency })
          .from(vendors)
          .where(eq(vendors.id, params.vendorId));
        if (!vendor) throw new DomainError("not_found", "Vendor not found.");
        const [taken] = await tx
          .select({ id: products.id })
          .from(products)
          .where(and(eq(products.vendorId, params.vendorId), eq(products.slug, slug)));
        if (taken)
          throw new DomainError("conflict", "Another product already uses this slug.", { field: "slug" });
        const [next] = await tx
          .select({ n: sql<number>`coalesce(max(${products.number}), 0)::int + 1` })
          .from(products)
          .where(eq(products.kind, params.kind));
        const [row] = await tx
          .insert(products)
          .values({
            vendorId: params.vendorId,
            kind: params.kind,
            number: next?.n ?? 1,
            slug,
            name: params.name,
            version: params.version ?? null,
            description: params.description ?? null,
            parentProductId: params.parentProductId ?? null,
            keyFormat: keyFormatOf(params.keyFormat),
            bindingKind: params.bindingKind ?? "domain",
            maxSeats: params.maxSeats ?? 1,
            price,
            currency: price === null ? (params.currency ?? null) : (params.currency ?? vendor.currency),
            durationValue,
            durationUnit,
            ...expiryPolicyOf(params),
            onRefund: params.onRefund ?? null,
            ...(params.certificateTtlDays !== undefined && { certificateTtlDays: params.certificateTtlDays }),
            ...seats,
          })
          .returning();
        if (!row) throw new DomainError("internal", "Product insert returned nothing.");
        return { ...productView(row), entitlements: [] };
      });
    } catch (e) {
      if (attempt < 5 && isUniqueViolation(e, "products_kind_number_key")) continue;
      if (isUniqueViolation(e)) throw new DomainError("conflict", "Another product already uses this slug.");
      throw e;
    }
  }
}

/** Edits a product. Existing licenses keep their key, binding and seats; changes apply to new ones. */
export async function updateProduct(
  db: Database,
  params: UpdateProductInput & { vendorId: string },
): Promise<Product> {
  return db.transaction(async (tx) => {
    const current = await findProduct(tx, params.vendorId, params.productId);
    if (params.parentProductId === current.id) {
      throw new DomainError("invalid_input", "A product cannot extend itself.", { field: "parentProductId" });
    }
    await assertParent(tx, params.vendorId, params.parentProductId);
    const next = {
      price: params.price === undefined ? current.price : params.price,
      durationValue: params.durationValue === undefined ? current.durationValue : params.durationValue,
      durationUnit: params.durationUnit === undefined ? current.durationUnit : params.durationUnit,
    };
    assertPricing({ kind: current.kind, ...next });
    const set: Partial<typeof products.$inferInsert> = { ...next };
    if (params.name !== undefined) set.name = params.name;
    if (params.slug !== undefined) set.slug = params.slug;
    if (params.version !== undefined) set.version = params.version;
    if (params.description !== undefined) set.description = params.description;
    if (params.parentProductId !== undefined) set.parentProductId = params.parentProductId;
    if (params.keyFormat !== undefined) set.keyFormat = keyFormatOf(params.keyFormat);
    if (params.bindingKind !== undefined) set.bindingKind = params.bindingKind;
    if (params.maxSeats !== undefined) set.maxSeats = params.maxSeats;
    if (params.currency !== undefined) set.currency = params.currency;
    if (params.onRefund !== undefined) set.onRefund = params.onRefund;
    if (params.certificateTtlDays !== undefined) set.certificateTtlDays = params.certificateTtlDays;
    const seats = seatSettingsOf(params, current);
    Object.assign(set, expiryPolicyOf(params), seats);
    try {
      const [row] = await tx
        .update(products)
        .set(set)
        .where(and(eq(products.id, current.id), eq(products.vendorId, params.vendorId)))
        .returning();
      if (!row) throw new DomainError("not_found", "Product not found.");
      return withEntitlementCodesOf(tx, "product", productView(row));
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError("conflict", "Another product already uses this slug.");
      throw e;
    }
  });
}

/**
 * Archiving hides a product from sale; licenses that point at it keep working. Nothing in the
 * catalog is ever hard-deleted.
 */
export async function setProductArchived(
  db: Database,
  params: { vendorId: string; productId: string; archived: boolean; now?: Date },
): Promise<Product> {
  const current = await findProduct(db, params.vendorId, params.productId);
  const [row] = await db
    .update(products)
    .set({ archivedAt: params.archived ? (current.archivedAt ?? params.now ?? new Date()) : null })
    .where(and(eq(products.id, current.id), eq(products.vendorId, params.vendorId)))
    .returning();
  if (!row) throw new DomainError("not_found", "Product not found.");
  return withEntitlementCodesOf(db, "product", productView(row));
}

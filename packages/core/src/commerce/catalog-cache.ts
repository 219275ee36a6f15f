import type { Executor } from "@keyway/db";
import type { CatalogItem, OrderContext } from "./read-item";

/**
 * The add-on (Biznoq purchase) an order sells, with its vendor's order context, remembered per
 * process for up to a second, so the hot order path is one round trip: the write. The write
 * checks what was remembered (`catalogCheck`: the product and vendor rows unchanged since) and
 * finds the buyer's customer itself, so nothing stale is ever sold; the second's bound only
 * limits how long a change made without touching `updated_at` could go unseen.
 */
export const CATALOG_CACHE_MS = 1_000;

/** Bounded: vendors × add-ons in use. */
const MAX_ENTRIES = 1_000;

type AddonProduct = Extract<CatalogItem, { kind: "addon" }>["product"];

export interface RememberedAddon {
  product: AddonProduct;
  context: Omit<OrderContext, "customers">;
}

const byHandle = new WeakMap<object, Map<string, { value: RememberedAddon; until: number }>>();

const keyOf = (vendorId: string, productNumber: number | string) => `${vendorId} ${productNumber}`;

/** The add-on as read within the last `CATALOG_CACHE_MS`, or null. */
export function rememberedAddon(
  db: Executor,
  vendorId: string,
  productNumber: number | string,
  now: number,
): RememberedAddon | null {
  const entries = byHandle.get(db);
  const key = keyOf(vendorId, productNumber);
  const entry = entries?.get(key);
  if (!entry) return null;
  if (now < entry.until) return entry.value;
  entries?.delete(key);
  return null;
}

export function rememberAddon(
  db: Executor,
  vendorId: string,
  productNumber: number | string,
  value: RememberedAddon,
  readAt: number,
) {
  let entries = byHandle.get(db);
  if (!entries) {
    entries = new Map();
    byHandle.set(db, entries);
  }
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(keyOf(vendorId, productNumber), { value, until: readAt + CATALOG_CACHE_MS });
}

/** The write found the remembered rows changed: read afresh next time. */
export function forgetAddon(db: Executor, vendorId: string, productNumber: number | string) {
  byHandle.get(db)?.delete(keyOf(vendorId, productNumber));
}

import { ShortMemo } from "../shared/short-memo";
import type { CatalogItem, OrderContext } from "./read-item";

/**
 * The add-on (Biznoq purchase) an order sells, with its vendor's order context, remembered per
 * process for up to a second, so the hot order path is one round trip: the write. The write
 * checks what was remembered (`catalogCheck`: the product and vendor rows unchanged since) and
 * finds the buyer's customer itself, so nothing stale is ever sold; the second's bound only
 * limits how long a change made without touching `updated_at` could go unseen.
 */
export const CATALOG_CACHE_MS = 1_000;

type AddonProduct = Extract<CatalogItem, { kind: "addon" }>["product"];

export interface RememberedAddon {
  product: AddonProduct;
  context: Omit<OrderContext, "customers">;
}

/** By `addonKey`; bounded: vendors × add-ons in use. */
export const addonMemo = new ShortMemo<RememberedAddon>({ ttlMs: CATALOG_CACHE_MS, maxEntries: 1_000 });

export const addonKey = (vendorId: string, productNumber: number | string) => `${vendorId} ${productNumber}`;

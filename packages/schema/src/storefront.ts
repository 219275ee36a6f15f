import { z } from "zod";
import { PlanBillingCycle, Product } from "./catalog";
import { DurationUnit } from "./licensing";

/** Contracts of the public storefronts: who sells, and what (no sign-in, nothing private). */

export const StorefrontVendor = z.object({ slug: z.string(), name: z.string(), currency: z.string() });
export type StorefrontVendor = z.infer<typeof StorefrontVendor>;
export const StorefrontVendorList = z.array(StorefrontVendor);

/** A plan price on sale (archived and inactive prices are never shown). */
export const StorefrontPrice = z.object({
  billingCycle: PlanBillingCycle,
  amount: z.number().int(),
  currency: z.string(),
  durationValue: z.number().int(),
  durationUnit: DurationUnit,
});
export type StorefrontPrice = z.infer<typeof StorefrontPrice>;

export const StorefrontPlan = z.object({
  id: z.string(),
  number: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  prices: z.array(StorefrontPrice),
});
export type StorefrontPlan = z.infer<typeof StorefrontPlan>;

/** What a storefront shows of a product: the catalog's own fields, minus what is private. */
export const StorefrontProduct = Product.pick({
  /** Opaque id: a license package is bought by product and plan id. */
  id: true,
  kind: true,
  number: true,
  slug: true,
  name: true,
  version: true,
  description: true,
  bindingKind: true,
  maxSeats: true,
  /** Minor units; null when sold by plan only. */
  price: true,
  currency: true,
  durationValue: true,
  durationUnit: true,
}).extend({
  plans: z.array(StorefrontPlan),
  /** The product's picture on this Keyway server (a path, same origin as the store), or null. */
  imageUrl: z.string().nullable(),
});
export type StorefrontProduct = z.infer<typeof StorefrontProduct>;

export const Storefront = z.object({ vendor: StorefrontVendor, products: z.array(StorefrontProduct) });
export type Storefront = z.infer<typeof Storefront>;

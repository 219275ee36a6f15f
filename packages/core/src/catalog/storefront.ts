import { asc, type Database, eq, vendors } from "@keyway/db";
import type { Plan, Storefront, StorefrontPlan, StorefrontVendor } from "@keyway/schema";
import { DomainError } from "../shared/errors";
import { listPlans } from "./plans";
import { productImageUrls } from "./product-images";
import { listProducts } from "./products";

/** Every vendor with a storefront (all vendors are public sellers). */
export async function listStorefrontVendors(db: Database): Promise<StorefrontVendor[]> {
  return db
    .select({ slug: vendors.slug, name: vendors.name, currency: vendors.currency })
    .from(vendors)
    .orderBy(asc(vendors.name));
}

function publicPlan(p: Plan): StorefrontPlan {
  return {
    id: p.id,
    number: p.number,
    name: p.name,
    description: p.description,
    prices: p.prices
      .filter((x) => x.active)
      .map((x) => ({
        billingCycle: x.billingCycle,
        amount: x.amount,
        currency: x.currency,
        durationValue: x.durationValue,
        durationUnit: x.durationUnit,
      })),
  };
}

/** A vendor's public catalog: products not archived, with their live plans and active prices. */
export async function getStorefront(db: Database, params: { vendorSlug: string }): Promise<Storefront> {
  const [vendor] = await db
    .select({ id: vendors.id, slug: vendors.slug, name: vendors.name, currency: vendors.currency })
    .from(vendors)
    .where(eq(vendors.slug, params.vendorSlug));
  if (!vendor) throw new DomainError("not_found", "Store not found.");
  const [products, plans, imageUrls] = await Promise.all([
    listProducts(db, { vendorId: vendor.id }),
    listPlans(db, { vendorId: vendor.id }),
    productImageUrls(db, { vendorId: vendor.id }),
  ]);
  return {
    vendor: { slug: vendor.slug, name: vendor.name, currency: vendor.currency },
    products: products.map((p) => ({
      id: p.id,
      kind: p.kind,
      number: p.number,
      slug: p.slug,
      name: p.name,
      version: p.version,
      description: p.description,
      bindingKind: p.bindingKind,
      maxSeats: p.maxSeats,
      price: p.price,
      currency: p.currency,
      durationValue: p.durationValue,
      durationUnit: p.durationUnit,
      plans: plans.filter((pl) => pl.productId === p.id).map(publicPlan),
      imageUrl: imageUrls.get(p.id) ?? null,
    })),
  };
}

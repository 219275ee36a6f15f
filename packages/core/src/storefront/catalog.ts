import { asc, type Database, eq, vendors } from "@keyway/db";
import type { Plan, Product } from "@keyway/schema";
import { listPlans } from "../catalog/plans";
import { listProducts } from "../catalog/products";
import { DomainError } from "../shared/errors";

export interface StorefrontVendor {
  slug: string;
  name: string;
  currency: string;
}

export interface StorefrontProduct {
  /** Opaque id: a license package is bought by product and plan id. */
  id: string;
  kind: Product["kind"];
  number: number;
  slug: string;
  name: string;
  version: string | null;
  description: string | null;
  bindingKind: Product["bindingKind"];
  maxSeats: Product["maxSeats"];
  price: number | null;
  currency: string | null;
  durationValue: number | null;
  durationUnit: Product["durationUnit"];
  plans: Array<{
    id: string;
    number: number;
    name: string;
    description: string | null;
    prices: Array<{
      billingCycle: string;
      amount: number;
      currency: string;
      durationValue: number;
      durationUnit: string;
    }>;
  }>;
}

export interface Storefront {
  vendor: StorefrontVendor;
  products: StorefrontProduct[];
}

/** Every vendor with a storefront (all vendors are public sellers). */
export async function listStorefrontVendors(db: Database): Promise<StorefrontVendor[]> {
  return db
    .select({ slug: vendors.slug, name: vendors.name, currency: vendors.currency })
    .from(vendors)
    .orderBy(asc(vendors.name));
}

function publicPlan(p: Plan): StorefrontProduct["plans"][number] {
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
  const [products, plans] = await Promise.all([
    listProducts(db, { vendorId: vendor.id }),
    listPlans(db, { vendorId: vendor.id }),
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
    })),
  };
}

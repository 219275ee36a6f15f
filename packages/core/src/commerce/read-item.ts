import {
  and,
  type Executor,
  eq,
  type GatewayName,
  licenses,
  planPrices,
  plans,
  products,
  sql,
  vendors,
} from "@keyway/db";
import { type CheckoutItem, normaliseKey } from "@keyway/schema";
import { type SubscriptionFacts, subscriptionOfLicense } from "../licensing/renewability";
import { DomainError } from "../shared/errors";
import { oncePerExecutor } from "../shared/prepared";
import {
  type CustomerCandidate,
  customerCandidates,
  customerCandidatesSql,
  type NormalisedContact,
} from "./customers";
import type { VendorAccountRow } from "./gateways/accounts";

type Product = typeof products.$inferSelect;
type Plan = typeof plans.$inferSelect;
type PlanPrice = typeof planPrices.$inferSelect;
type License = typeof licenses.$inferSelect;
type ItemOf<K extends CheckoutItem["kind"]> = Extract<CheckoutItem, { kind: K }>;

/** An item as the vendor's catalog holds it: what `priceItem` prices. */
export type CatalogItem =
  | { kind: "addon"; item: ItemOf<"addon">; product: Product }
  | {
      kind: "subscription";
      item: ItemOf<"subscription">;
      plan: Plan;
      product: Product;
      price: PlanPrice | null;
    }
  | { kind: "package"; item: ItemOf<"package">; plan: Plan; product: Product; price: PlanPrice | null }
  | {
      kind: "renewal";
      item: ItemOf<"renewal">;
      license: License;
      product: Product;
      prices: PlanPrice[];
      /** The subscription holding the license: one that renews it by itself refuses a hand renewal. */
      subscription: SubscriptionFacts | null;
    };

/** Read in the same query as the item: the vendor's default gateway and the customers matching the buyer. */
export interface OrderContext {
  defaultGateway: GatewayName;
  customers: CustomerCandidate[];
  /** The vendor's own provider accounts (sealed) and slug: which account the payment opens on. */
  vendor: VendorAccountRow;
  /** When the vendor row last changed (a remembered context is checked against it). */
  vendorUpdatedAt: Date;
}

/**
 * Finds what the item names in the vendor's catalog (an archived product or plan is not there),
 * with the order's context in the item's first query: no round trip for the vendor or customer.
 */
export async function readOrderItem(
  db: Executor,
  vendorId: string,
  item: CheckoutItem,
  contact: NormalisedContact,
): Promise<{ found: CatalogItem; context: OrderContext }> {
  const context = contextColumns(vendorId, contact.email, contact.phone);
  switch (item.kind) {
    case "addon": {
      // The hot path (Biznoq purchase): a prepared statement.
      const [row] = await addonQuery(db).execute({
        vendorId,
        number: item.productNumber,
        email: contact.email,
        phone: contact.phone,
      });
      const product = row?.product;
      if (!row || !product || product.archivedAt)
        throw new DomainError("not_found", `Add-on ${item.productNumber} was not found.`);
      return { found: { kind: "addon", item, product }, context: contextOf(row) };
    }
    case "subscription": {
      const [row] = await db
        .select({ plan: plans, product: products, ...context })
        .from(plans)
        .innerJoin(products, eq(products.id, plans.productId))
        .innerJoin(vendors, eq(vendors.id, plans.vendorId))
        .where(and(eq(plans.vendorId, vendorId), eq(plans.number, item.planNumber)));
      if (!row || row.plan.archivedAt)
        throw new DomainError("not_found", `Plan ${item.planNumber} was not found.`);
      const [price] = await db
        .select()
        .from(planPrices)
        .where(
          and(
            eq(planPrices.planId, row.plan.id),
            eq(planPrices.billingCycle, item.billingCycle),
            eq(planPrices.active, true),
          ),
        );
      return {
        found: { kind: "subscription", item, plan: row.plan, product: row.product, price: price ?? null },
        context: contextOf(row),
      };
    }
    case "package": {
      const [row] = await db
        .select({ product: products, ...context })
        .from(products)
        .innerJoin(vendors, eq(vendors.id, products.vendorId))
        .where(and(eq(products.vendorId, vendorId), eq(products.id, item.packageId)));
      if (!row || row.product.archivedAt) throw new DomainError("not_found", "The package was not found.");
      const [plan] = await db
        .select()
        .from(plans)
        .where(and(eq(plans.vendorId, vendorId), eq(plans.id, item.subscriptionTypeId)));
      if (!plan || plan.productId !== row.product.id) {
        throw new DomainError("not_found", "The subscription type was not found for this package.");
      }
      const [price] = await db
        .select()
        .from(planPrices)
        .where(and(eq(planPrices.planId, plan.id), eq(planPrices.active, true)))
        .limit(1);
      return {
        found: { kind: "package", item, plan, product: row.product, price: price ?? null },
        context: contextOf(row),
      };
    }
    case "renewal": {
      const [row] = await db
        .select({ license: licenses, product: products, ...context })
        .from(licenses)
        .innerJoin(products, eq(products.id, licenses.productId))
        .innerJoin(vendors, eq(vendors.id, licenses.vendorId))
        .where(and(eq(licenses.vendorId, vendorId), eq(licenses.key, normaliseKey(item.licenseKey))));
      if (!row) throw new DomainError("license_not_found", "The license was not found.");
      return {
        found: {
          kind: "renewal",
          item,
          license: row.license,
          product: row.product,
          prices: await activePrices(db, row.license.planId),
          subscription: await subscriptionOfLicense(db, row.license.id),
        },
        context: contextOf(row),
      };
    }
  }
}

/** The plan's prices on sale now (a switched-off cycle is kept, never sold). */
export async function activePrices(db: Executor, planId: string | null): Promise<PlanPrice[]> {
  if (!planId) return [];
  return db
    .select()
    .from(planPrices)
    .where(and(eq(planPrices.planId, planId), eq(planPrices.active, true)));
}

function contextColumns(vendorId: unknown, email: unknown, phone: unknown) {
  return {
    defaultGateway: vendors.defaultGateway,
    vendorRowId: vendors.id,
    vendorSlug: vendors.slug,
    gatewayConfigEncrypted: vendors.gatewayConfigEncrypted,
    vendorUpdatedAt: vendors.updatedAt,
    customers: customerCandidatesSql(vendorId, email, phone),
  };
}

function contextOf(row: {
  defaultGateway: string;
  customers: unknown;
  vendorRowId: string;
  vendorSlug: string;
  gatewayConfigEncrypted: string | null;
  vendorUpdatedAt: Date;
}): OrderContext {
  return {
    defaultGateway: row.defaultGateway as GatewayName,
    customers: customerCandidates(row.customers),
    vendor: { id: row.vendorRowId, slug: row.vendorSlug, gatewayConfigEncrypted: row.gatewayConfigEncrypted },
    vendorUpdatedAt: row.vendorUpdatedAt,
  };
}

const addonQuery = oncePerExecutor((db: Executor) =>
  db
    .select({
      product: products,
      ...contextColumns(sql.placeholder("vendorId"), sql.placeholder("email"), sql.placeholder("phone")),
    })
    .from(products)
    .innerJoin(vendors, eq(vendors.id, products.vendorId))
    .where(
      and(
        eq(products.vendorId, sql.placeholder("vendorId")),
        eq(products.kind, "addon"),
        eq(products.number, sql.placeholder("number")),
      ),
    )
    .prepare("keyway_order_addon"),
);

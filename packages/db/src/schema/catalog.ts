import type { KeyFormat } from "@keyway/schema";
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { createdAt, currency, type DurationUnit, id, tstz, updatedAt, vendorId } from "./columns";
import { vendors } from "./vendors";

export type { KeyFormat };

export type ProductKind = "software" | "addon" | "package";

export type BindingKind = "domain" | "serial" | "fingerprint";

/**
 * Software, add-ons and license packages. `number` is the integer id the REST dialects use
 * (Blenddoit `software_id`, Biznoq `addonId`); it is unique per kind across Keyway, because
 * Blenddoit's public verification names a software by number alone.
 */
export const products = pgTable(
  "products",
  {
    id: id("prd"),
    vendorId: vendorId().references(() => vendors.id),
    kind: text("kind").$type<ProductKind>().notNull(),
    number: integer("number").notNull(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    version: text("version"),
    description: text("description"),
    /** For an add-on: the software it extends (optional). */
    parentProductId: text("parent_product_id"),
    keyFormat: jsonb("key_format").$type<KeyFormat>().notNull(),
    bindingKind: text("binding_kind").$type<BindingKind>().notNull().default("domain"),
    maxSeats: integer("max_seats").notNull().default(1),
    /** One-off price (add-ons, packages); null when sold only through plans. */
    price: integer("price"),
    currency: text("currency"),
    /** Validity of a one-off purchase; null duration means perpetual. */
    durationValue: integer("duration_value"),
    durationUnit: text("duration_unit").$type<DurationUnit>(),
    archivedAt: tstz("archived_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("products_kind_number_key").on(t.kind, t.number),
    uniqueIndex("products_vendor_slug_key").on(t.vendorId, t.slug),
    index("products_vendor_idx").on(t.vendorId),
    check("products_kind", sql`${t.kind} in ('software','addon','package')`),
    check("products_binding_kind", sql`${t.bindingKind} in ('domain','serial','fingerprint')`),
    check("products_max_seats", sql`${t.maxSeats} >= 1`),
    check("products_price", sql`${t.price} is null or ${t.price} >= 0`),
  ],
);

/**
 * Subscription plans (JFramework calls them subscription types). `number` is the integer
 * id of the REST dialects (Biznoq `planId`, Blenddoit `current_plan_id`).
 */
export const plans = pgTable(
  "plans",
  {
    id: id("pln"),
    vendorId: vendorId().references(() => vendors.id),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    number: serial("number").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    archivedAt: tstz("archived_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("plans_number_key").on(t.number), index("plans_vendor_idx").on(t.vendorId)],
);

export type BillingCycle = "monthly" | "yearly" | "custom";

/** A plan's price per billing cycle (monthly and yearly side by side). */
export const planPrices = pgTable(
  "plan_prices",
  {
    id: id("prc"),
    vendorId: vendorId().references(() => vendors.id),
    planId: text("plan_id")
      .notNull()
      .references(() => plans.id),
    billingCycle: text("billing_cycle").$type<BillingCycle>().notNull(),
    durationValue: integer("duration_value").notNull(),
    durationUnit: text("duration_unit").$type<DurationUnit>().notNull(),
    amount: integer("amount").notNull(),
    currency: currency(),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("plan_prices_plan_cycle_key").on(t.planId, t.billingCycle),
    check("plan_prices_amount", sql`${t.amount} >= 0`),
    check("plan_prices_duration", sql`${t.durationValue} >= 1`),
    check("plan_prices_unit", sql`${t.durationUnit} in ('hour','day','week','month','year')`),
    check("plan_prices_cycle", sql`${t.billingCycle} in ('monthly','yearly','custom')`),
  ],
);

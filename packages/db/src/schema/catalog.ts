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

/** After expiry: `restrict` refuses the license; `maintain` keeps it valid, answered as expired. */
export type ExpiryStrategy = "restrict" | "maintain";
/** When a license's term starts: at purchase, or at its first successful activation/verification. */
export type ClockStartsAt = "purchase" | "first_activation";
/** What a refund does to the licenses an order sold. */
export type RefundLicenseAction = "revoke" | "suspend" | "keep";
/** How seats are held: bound until released (`node_locked`), or alive only while heartbeats arrive (`floating`). */
export type SeatMode = "node_locked" | "floating";

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
    /** Expiry policy (plans may override each field): lifecycle/expiry-policy.ts. */
    expiryStrategy: text("expiry_strategy").$type<ExpiryStrategy>().notNull().default("restrict"),
    gracePeriodDays: integer("grace_period_days").notNull().default(0),
    clockStartsAt: text("clock_starts_at").$type<ClockStartsAt>().notNull().default("purchase"),
    /** What a refund does to the licenses sold, when the refund does not say; null: revoke on a full refund, keep on a partial one. */
    onRefund: text("on_refund").$type<RefundLicenseAction>(),
    /** Seats: `node_locked` (bound until released) or `floating` (alive while heartbeats arrive). */
    seatMode: text("seat_mode").$type<SeatMode>().notNull().default("node_locked"),
    /** For floating seats: a seat with no heartbeat for this long is dead. */
    heartbeatSeconds: integer("heartbeat_seconds"),
    /** The vendor's own development/staging domain patterns (beside the built-in ones), e.g. `*.preview.example.com`. */
    devDomainPatterns: text("dev_domain_patterns").array().notNull().default(sql`'{}'::text[]`),
    /** How long a license certificate stays valid after it is signed (`exp`), in days. */
    certificateTtlDays: integer("certificate_ttl_days").notNull().default(30),
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
    check("products_expiry_strategy", sql`${t.expiryStrategy} in ('restrict','maintain')`),
    check("products_grace_period_days", sql`${t.gracePeriodDays} between 0 and 365`),
    check("products_clock_starts_at", sql`${t.clockStartsAt} in ('purchase','first_activation')`),
    check("products_on_refund", sql`${t.onRefund} is null or ${t.onRefund} in ('revoke','suspend','keep')`),
    check("products_seat_mode", sql`${t.seatMode} in ('node_locked','floating')`),
    check(
      "products_heartbeat_seconds",
      sql`${t.heartbeatSeconds} is null or ${t.heartbeatSeconds} between 10 and 604800`,
    ),
    check("products_certificate_ttl_days", sql`${t.certificateTtlDays} between 1 and 3650`),
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
    /** Overrides of the product's expiry policy; null = the product's. */
    expiryStrategy: text("expiry_strategy").$type<ExpiryStrategy>(),
    gracePeriodDays: integer("grace_period_days"),
    clockStartsAt: text("clock_starts_at").$type<ClockStartsAt>(),
    archivedAt: tstz("archived_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("plans_number_key").on(t.number),
    index("plans_vendor_idx").on(t.vendorId),
    check(
      "plans_expiry_strategy",
      sql`${t.expiryStrategy} is null or ${t.expiryStrategy} in ('restrict','maintain')`,
    ),
    check(
      "plans_grace_period_days",
      sql`${t.gracePeriodDays} is null or ${t.gracePeriodDays} between 0 and 365`,
    ),
    check(
      "plans_clock_starts_at",
      sql`${t.clockStartsAt} is null or ${t.clockStartsAt} in ('purchase','first_activation')`,
    ),
  ],
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

import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { BindingKind } from "./catalog";
import { plans, products } from "./catalog";
import { createdAt, type DurationUnit, id, tstz, updatedAt, vendorId } from "./columns";
import { customers } from "./customers";
import { vendors } from "./vendors";

/** Stored states. `expired` is never stored: it is derived from `expires_at` at read time. */
export type StoredLicenseStatus = "pending" | "active" | "suspended" | "revoked";

export const licenses = pgTable(
  "licenses",
  {
    id: id("lic"),
    vendorId: vendorId().references(() => vendors.id),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    customerId: text("customer_id").references(() => customers.id),
    /** The order that created it (null for licenses made by hand or seeded). */
    orderId: text("order_id"),
    planId: text("plan_id").references(() => plans.id),
    /** The cycle the license was last bought or renewed for (Blenddoit `current_duration_*`). */
    durationValue: integer("duration_value"),
    durationUnit: text("duration_unit").$type<DurationUnit>(),
    key: text("key").notNull(),
    /** The vendor's own name for the license (e.g. "ACME build server"). */
    name: text("name"),
    /** The vendor's own JSON (at most 8 KB), returned by validation. */
    metadata: jsonb("metadata").$type<Record<string, unknown>>(),
    status: text("status").$type<StoredLicenseStatus>().notNull().default("pending"),
    bindingKind: text("binding_kind").$type<BindingKind>().notNull().default("domain"),
    maxSeats: integer("max_seats").notNull().default(1),
    startsAt: tstz("starts_at"),
    /** Null means perpetual. */
    expiresAt: tstz("expires_at"),
    activatedAt: tstz("activated_at"),
    renewedAt: tstz("renewed_at"),
    suspendedAt: tstz("suspended_at"),
    revokedAt: tstz("revoked_at"),
    testMode: boolean("test_mode").notNull().default(false),
    /** Moved in from another system (licensing/import): its key keeps the format the vendor used. */
    importedAt: tstz("imported_at"),
    /**
     * The term (`duration_*`) waits for the first successful activation or verification
     * (clock policy `first_activation`): until then `expires_at` is null and the license is valid.
     */
    clockPending: boolean("clock_pending").notNull().default(false),
    /**
     * When the scheduler next looks at this license (reminders, `license.expired`,
     * `license.grace_ended`); null = nothing to do. A trigger sets it to the epoch ("look now")
     * whenever `expires_at` or `status` changes, whatever the write path.
     */
    lifecycleDueAt: tstz("lifecycle_due_at"),
    /** What the scheduler already announced for the current `expires_at` (reset when it changes). */
    lifecycleSent: text("lifecycle_sent").array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("licenses_key_key").on(t.key),
    index("licenses_lifecycle_due_idx").on(t.lifecycleDueAt).where(sql`${t.lifecycleDueAt} is not null`),
    index("licenses_vendor_idx").on(t.vendorId, t.createdAt),
    index("licenses_customer_idx").on(t.customerId),
    index("licenses_order_idx").on(t.orderId),
    check("licenses_status", sql`${t.status} in ('pending','active','suspended','revoked')`),
    check("licenses_max_seats", sql`${t.maxSeats} >= 1`),
  ],
);

/**
 * A seat: one domain, serial number or machine fingerprint a license is bound to.
 * Releasing a seat sets `deactivated_at`; the partial unique index keeps one live row per value.
 */
export const activations = pgTable(
  "activations",
  {
    id: id("act"),
    vendorId: vendorId().references(() => vendors.id),
    licenseId: text("license_id")
      .notNull()
      .references(() => licenses.id),
    kind: text("kind").$type<BindingKind>().notNull(),
    /** Normalised value (domain as punycode, serial digits, fingerprint). */
    value: text("value").notNull(),
    /** As the client sent it, for display (e.g. `B-12345678`). */
    label: text("label"),
    activatedAt: tstz("activated_at").notNull().defaultNow(),
    /** Floating seats: the last heartbeat (or the activation); the seat is dead once it is older than the product's window. */
    heartbeatAt: tstz("heartbeat_at"),
    /** Floating seats: when the seat was found dead (and `activation.dead` sent); null while alive. */
    deadAt: tstz("dead_at"),
    deactivatedAt: tstz("deactivated_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("activations_live_value_key").on(t.licenseId, t.value).where(sql`${t.deactivatedAt} is null`),
    index("activations_license_idx").on(t.licenseId),
    index("activations_value_idx").on(t.vendorId, t.value),
  ],
);

/**
 * When a license or a seat was last verified: `id` is the license's id or the seat's (activation's)
 * id, both prefixed and unique. Written in batches behind the hot path (core licensing/last-verified.ts),
 * so it lives apart from `licenses` and `activations`: one of these narrow rows costs Postgres
 * about a fifth of updating a wide row (measured at 1M licenses, BENCHMARKS.md), because each
 * first write to a page after a checkpoint logs the whole page, and a page holds ~10× more of these.
 * No foreign key (a seat id or a license id; advisory data): rows of deleted licenses are harmless.
 */
export const lastVerified = pgTable("last_verified", {
  id: text("id").primaryKey(),
  at: tstz("at").notNull(),
});

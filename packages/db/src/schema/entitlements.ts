import { customType, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { plans, products } from "./catalog";
import { createdAt, id, updatedAt, vendorId } from "./columns";
import { licenses } from "./licenses";
import { vendors } from "./vendors";

/** A named feature a vendor grants (`PRO_EXPORT`, `API_ACCESS`); codes are unique per vendor. */
export const entitlements = pgTable(
  "entitlements",
  {
    id: id("ent"),
    vendorId: vendorId().references(() => vendors.id),
    code: text("code").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("entitlements_vendor_code_key").on(t.vendorId, t.code)],
);

/** Entitlements every license of a product grants (an add-on's reach its base product's license). */
export const productEntitlements = pgTable(
  "product_entitlements",
  {
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    entitlementId: text("entitlement_id")
      .notNull()
      .references(() => entitlements.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.entitlementId] }),
    index("product_entitlements_entitlement_idx").on(t.entitlementId),
  ],
);

/** Entitlements every license on a plan grants. */
export const planEntitlements = pgTable(
  "plan_entitlements",
  {
    planId: text("plan_id")
      .notNull()
      .references(() => plans.id),
    entitlementId: text("entitlement_id")
      .notNull()
      .references(() => entitlements.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.planId, t.entitlementId] }),
    index("plan_entitlements_entitlement_idx").on(t.entitlementId),
  ],
);

/** Entitlements granted to one license by hand. */
export const licenseEntitlements = pgTable(
  "license_entitlements",
  {
    licenseId: text("license_id")
      .notNull()
      .references(() => licenses.id),
    entitlementId: text("entitlement_id")
      .notNull()
      .references(() => entitlements.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.licenseId, t.entitlementId] }),
    index("license_entitlements_entitlement_idx").on(t.entitlementId),
  ],
);

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/** A product's picture, stored by Keyway (one per product), served to the store. */
export const productImages = pgTable("product_images", {
  productId: text("product_id")
    .primaryKey()
    .references(() => products.id),
  vendorId: vendorId().references(() => vendors.id),
  contentType: text("content_type").notNull(),
  bytes: bytea("bytes").notNull(),
  byteSize: integer("byte_size").notNull(),
  /** Content hash: the image's URL and ETag, so a new picture is never served from an old cache. */
  sha256: text("sha256").notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

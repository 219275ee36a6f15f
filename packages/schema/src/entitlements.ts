import { z } from "zod";
import { multiLine, RecordId, singleLine } from "./primitives";

/**
 * Entitlements: named feature codes a vendor defines (`PRO_EXPORT`, `API_ACCESS`), attaches to
 * products and plans, and grants per license. A license's effective set is its product's, its
 * plan's, its own grants and those of the customer's active add-ons of its product.
 */

/** Upper case, digits and underscores, starting with a letter: 2 to 64 characters. */
export const ENTITLEMENT_CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,63}$/;
export const ENTITLEMENT_CODE_RULE =
  "must be 2 to 64 characters: capital letters, digits and underscores, starting with a letter";

export const EntitlementCode = z
  .string()
  .regex(ENTITLEMENT_CODE_PATTERN, { error: ENTITLEMENT_CODE_RULE })
  .meta({ example: "PRO_EXPORT" });

const entitlementId = RecordId.meta({ example: "ent_4k2m9x7q1v8c3n6b5z0w" });
const EntitlementName = singleLine(z.string().trim().min(1).max(200)).meta({ example: "Export to PDF" });
const EntitlementDescription = multiLine(z.string().max(2000)).meta({
  example: "Lets the app export reports as PDF.",
});

export const Entitlement = z
  .object({
    id: z.string().meta({ example: "ent_4k2m9x7q1v8c3n6b5z0w" }),
    code: z.string().meta({ example: "PRO_EXPORT" }),
    name: z.string().meta({ example: "Export to PDF" }),
    description: z.string().nullable().meta({ example: null }),
    /** Ids of the products and plans that grant it to every license of theirs. */
    productIds: z.array(z.string()).meta({ example: ["prd_0vq946tx1vwsres9k697"] }),
    planIds: z.array(z.string()).meta({ example: [] }),
    createdAt: z.iso.datetime({ offset: true }).meta({ example: "2026-05-29T13:17:32.000Z" }),
    updatedAt: z.iso.datetime({ offset: true }).meta({ example: "2026-05-29T13:17:32.000Z" }),
  })
  .meta({ id: "Entitlement" });
export type Entitlement = z.infer<typeof Entitlement>;

export const CreateEntitlementInput = z.object({
  code: EntitlementCode,
  name: EntitlementName,
  description: EntitlementDescription.nullable().optional(),
});
export type CreateEntitlementInput = z.infer<typeof CreateEntitlementInput>;

/** `PATCH /entitlements/{entitlementId}`: the fields given change (the code too). */
export const UpdateEntitlementInput = z.object({
  entitlementId,
  code: EntitlementCode.optional(),
  name: EntitlementName.optional(),
  description: EntitlementDescription.nullable().optional(),
});
export type UpdateEntitlementInput = z.infer<typeof UpdateEntitlementInput>;

export const EntitlementIdInput = z.object({ entitlementId });

export const ListEntitlementsInput = z.object({
  limit: z.coerce.number<number>().int().min(1).max(100).default(50),
  cursor: singleLine(z.string().max(200)).optional(),
});
export type ListEntitlementsInput = z.input<typeof ListEntitlementsInput>;

export const EntitlementPage = z
  .object({ items: z.array(Entitlement), nextCursor: z.string().nullable() })
  .meta({ id: "EntitlementPage" });
export type EntitlementPage = z.infer<typeof EntitlementPage>;

export const EntitlementDeleted = z.object({
  id: z.string().meta({ example: "ent_4k2m9x7q1v8c3n6b5z0w" }),
  deleted: z.literal(true),
});

/** Where an entitlement is attached: a product, a plan or one license. */
export const ENTITLEMENT_HOLDERS = ["product", "plan", "license"] as const;
export type EntitlementHolder = (typeof ENTITLEMENT_HOLDERS)[number];

export const ProductEntitlementInput = z.object({
  productId: RecordId.meta({ example: "prd_0vq946tx1vwsres9k697" }),
  entitlementId,
});
export const PlanEntitlementInput = z.object({
  planId: RecordId.meta({ example: "pln_d3ga91nk1ft0630vr80e" }),
  entitlementId,
});
export const LicenseEntitlementInput = z.object({
  licenseId: RecordId.meta({ example: "lic_spgnfr8bzmkyc5jmngsw" }),
  entitlementId,
});

/** The holder's own codes after an attach or detach (sorted). */
export const EntitlementGrants = z
  .object({
    holder: z.enum(ENTITLEMENT_HOLDERS),
    id: z.string().meta({ example: "prd_0vq946tx1vwsres9k697" }),
    /** The codes attached to this product, plan or license itself (sorted). */
    entitlements: z.array(z.string()).meta({ example: ["API_ACCESS", "PRO_EXPORT"] }),
  })
  .meta({ id: "EntitlementGrants" });
export type EntitlementGrants = z.infer<typeof EntitlementGrants>;

/** Codes a validation or activation requires: a missing one answers 403 `entitlements_missing`. */
export const RequiredEntitlements = z
  .array(singleLine(z.string().min(1).max(64)))
  .max(50)
  .meta({ example: ["PRO_EXPORT"] });

import { z } from "zod";
import { KEY_SEPARATORS } from "./keys";
import { BindingKind, DurationUnit } from "./licensing";
import { ClockStartsAt, ExpiryStrategy, GracePeriodDays } from "./lifecycle";
import { multiLine, RecordId, singleLine } from "./primitives";
import { RefundLicenseAction } from "./refunds";

/** Contracts of the catalog: software, add-ons, license packages, plans and plan prices. */

const isoDate = z.iso.datetime({ offset: true });

export const CatalogProductKind = z.enum(["software", "addon", "package"]);
export type CatalogProductKind = z.infer<typeof CatalogProductKind>;
export const PlanBillingCycle = z.enum(["monthly", "yearly", "custom"]);

export const KeyFormatInput = z.object({
  prefix: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{0,8}$/, "Up to 8 letters or digits."),
  groups: z.number().int().min(1).max(8),
  groupLength: z.number().int().min(2).max(16),
  separator: z.enum(KEY_SEPARATORS),
});

export const KeyFormatView = z.object({
  prefix: z.string(),
  groups: z.number().int(),
  groupLength: z.number().int(),
  separator: z.string(),
  alphabet: z.string(),
});

const Currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/)
  .toUpperCase();
const Slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "Use lowercase letters, digits and dashes.");

export const Product = z
  .object({
    id: z.string(),
    kind: CatalogProductKind,
    /** Integer id of the REST dialects, unique per kind. */
    number: z.number().int(),
    slug: z.string(),
    name: z.string(),
    version: z.string().nullable(),
    description: z.string().nullable(),
    parentProductId: z.string().nullable(),
    keyFormat: KeyFormatView,
    bindingKind: BindingKind,
    maxSeats: z.number().int(),
    price: z.number().int().nullable(),
    currency: z.string().nullable(),
    durationValue: z.number().int().nullable(),
    durationUnit: DurationUnit.nullable(),
    expiryStrategy: ExpiryStrategy,
    gracePeriodDays: GracePeriodDays,
    clockStartsAt: ClockStartsAt,
    /** What a refund does to its licenses when the refund does not say; null: revoke on a full refund, keep on a partial one. */
    onRefund: RefundLicenseAction.nullable(),
    archivedAt: isoDate.nullable(),
    createdAt: isoDate,
  })
  .meta({ id: "Product" });
export type Product = z.infer<typeof Product>;
export const ProductList = z.array(Product);

const Name = singleLine(z.string().trim().min(1).max(200));
const Description = multiLine(z.string().trim().max(2000));

const productFields = {
  slug: Slug.optional(),
  name: Name,
  version: singleLine(z.string().trim().max(50)).nullable().optional(),
  description: Description.nullable().optional(),
  parentProductId: RecordId.nullable().optional(),
  keyFormat: KeyFormatInput.optional(),
  bindingKind: BindingKind.optional(),
  maxSeats: z.number().int().min(1).max(100_000).optional(),
  /** Minor units (paise, cents). */
  price: z.number().int().min(0).max(1_000_000_000).nullable().optional(),
  currency: Currency.nullable().optional(),
  durationValue: z.number().int().min(1).max(1000).nullable().optional(),
  durationUnit: DurationUnit.nullable().optional(),
  /** The expiry policy of its licenses (defaults: restrict, 0 days, purchase); plans may override it. */
  expiryStrategy: ExpiryStrategy.optional(),
  gracePeriodDays: GracePeriodDays.optional(),
  clockStartsAt: ClockStartsAt.optional(),
  onRefund: RefundLicenseAction.nullable().optional(),
};

export const CreateProductInput = z.object({ kind: CatalogProductKind, ...productFields });
export type CreateProductInput = z.infer<typeof CreateProductInput>;

export const UpdateProductInput = z.object({
  productId: RecordId,
  ...productFields,
  name: productFields.name.optional(),
});
export type UpdateProductInput = z.infer<typeof UpdateProductInput>;

export const ProductIdInput = z.object({ productId: RecordId });

/** A flag that is a boolean over tRPC and `true`/`false` in a REST query string. */
const QueryFlag = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean());

export const ListProductsInput = z.object({
  kind: CatalogProductKind.optional(),
  includeArchived: QueryFlag.default(false),
});

export const PlanPrice = z.object({
  id: z.string(),
  billingCycle: PlanBillingCycle,
  durationValue: z.number().int(),
  durationUnit: DurationUnit,
  amount: z.number().int(),
  currency: z.string(),
  active: z.boolean(),
});
export type PlanPrice = z.infer<typeof PlanPrice>;

/** A plan's overrides of its product's expiry policy; null = the product's. */
const planPolicyOverrides = {
  expiryStrategy: ExpiryStrategy.nullable().meta({
    description: "Overrides the product's `expiryStrategy`; null = the product's.",
  }),
  gracePeriodDays: GracePeriodDays.nullable().meta({
    description: "Overrides the product's `gracePeriodDays`; null = the product's.",
    example: 7,
  }),
  clockStartsAt: ClockStartsAt.nullable().meta({
    description: "Overrides the product's `clockStartsAt`; null = the product's.",
  }),
};
const planPolicyInput = {
  expiryStrategy: planPolicyOverrides.expiryStrategy.optional(),
  gracePeriodDays: planPolicyOverrides.gracePeriodDays.optional(),
  clockStartsAt: planPolicyOverrides.clockStartsAt.optional(),
};

export const Plan = z
  .object({
    id: z.string(),
    productId: z.string(),
    /** Integer id of the REST dialects (Biznoq `planId`). */
    number: z.number().int(),
    name: z.string(),
    description: z.string().nullable(),
    prices: z.array(PlanPrice),
    ...planPolicyOverrides,
    archivedAt: isoDate.nullable(),
    createdAt: isoDate,
  })
  .meta({ id: "Plan" });
export type Plan = z.infer<typeof Plan>;
export const PlanList = z.array(Plan);

export const PlanPriceInput = z.object({
  billingCycle: PlanBillingCycle,
  /** Defaults: monthly = 1 month, yearly = 1 year. Required for custom. */
  durationValue: z.number().int().min(1).max(1000).optional(),
  durationUnit: DurationUnit.optional(),
  amount: z.number().int().min(0).max(1_000_000_000),
  currency: Currency.optional(),
});
export type PlanPriceInput = z.infer<typeof PlanPriceInput>;

export const CreatePlanInput = z.object({
  productId: RecordId,
  name: Name,
  description: Description.nullable().optional(),
  prices: z.array(PlanPriceInput).max(3).default([]),
  ...planPolicyInput,
});
export type CreatePlanInput = z.infer<typeof CreatePlanInput>;

export const UpdatePlanInput = z.object({
  planId: RecordId,
  name: Name.optional(),
  description: Description.nullable().optional(),
  ...planPolicyInput,
});
export type UpdatePlanInput = z.infer<typeof UpdatePlanInput>;

export const SetPlanPriceInput = PlanPriceInput.extend({
  planId: RecordId,
  active: z.boolean().default(true),
});
export type SetPlanPriceInput = z.infer<typeof SetPlanPriceInput>;

export const PlanIdInput = z.object({ planId: RecordId });
export const ListPlansInput = z.object({
  productId: singleLine(z.string().max(64)).optional(),
  includeArchived: QueryFlag.default(false),
});

import { z } from "zod";
import { DevDomainPatterns } from "./dev-domains";
import { KEY_SEPARATORS } from "./keys";
import { BindingKind, DurationUnit } from "./licensing";
import { ClockStartsAt, ExpiryStrategy, GracePeriodDays } from "./lifecycle";
import { multiLine, RecordId, singleLine } from "./primitives";
import { RefundLicenseAction } from "./refunds";
import { HeartbeatSeconds, SeatMode } from "./seats";

/** Contracts of the catalog: software, add-ons, license packages, plans and plan prices. */

const isoDate = z.iso.datetime({ offset: true }).meta({ example: "2026-05-29T13:17:32.000Z" });

export const CatalogProductKind = z.enum(["software", "addon", "package"]);
export type CatalogProductKind = z.infer<typeof CatalogProductKind>;
export const PlanBillingCycle = z.enum(["monthly", "yearly", "custom"]);

export const KeyFormatInput = z.object({
  prefix: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{0,8}$/, "Up to 8 letters or digits.")
    .meta({ example: "GA" }),
  groups: z.number().int().min(1).max(8).meta({ example: 3 }),
  groupLength: z.number().int().min(2).max(16).meta({ example: 4 }),
  separator: z.enum(KEY_SEPARATORS),
});

export const KeyFormatView = z.object({
  prefix: z.string().meta({ example: "GA" }),
  groups: z.number().int().meta({ example: 3 }),
  groupLength: z.number().int().meta({ example: 4 }),
  separator: z.string().meta({ example: "-" }),
  alphabet: z.string().meta({ example: "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" }),
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

/** How long a certificate of its licenses stays valid (its `exp`), in days. */
export const CertificateTtlDays = z.number().int().min(1).max(3650).meta({
  example: 30,
  description:
    "Days a license certificate stays valid after it is issued (its `exp`); 1 to 3650, default 30.",
});

export const Product = z
  .object({
    id: z.string().meta({ example: "prd_af0mrdmds0dcaghvz7m2" }),
    kind: CatalogProductKind,
    /** Integer id of the REST dialects, unique per kind. */
    number: z.number().int().meta({ example: 1 }),
    slug: z.string().meta({ example: "trading-analyzer" }),
    name: z.string().meta({ example: "Smart Item Trading Analyzer" }),
    version: z.string().nullable().meta({ example: "1.0.0" }),
    description: z.string().nullable().meta({ example: "Item-wise trading analysis for Busy accounting." }),
    parentProductId: z.string().nullable().meta({ example: null }),
    keyFormat: KeyFormatView,
    bindingKind: BindingKind,
    maxSeats: z.number().int().meta({ example: 1 }),
    price: z.number().int().nullable().meta({ example: 299900 }),
    currency: z.string().nullable().meta({ example: "INR" }),
    durationValue: z.number().int().nullable().meta({ example: 1 }),
    durationUnit: DurationUnit.nullable().meta({ example: "year" }),
    expiryStrategy: ExpiryStrategy,
    gracePeriodDays: GracePeriodDays,
    clockStartsAt: ClockStartsAt,
    /** What a refund does to its licenses when the refund does not say; null: revoke on a full refund, keep on a partial one. */
    onRefund: RefundLicenseAction.nullable(),
    seatMode: SeatMode,
    heartbeatSeconds: HeartbeatSeconds.nullable().meta({ example: null }),
    devDomainPatterns: DevDomainPatterns,
    certificateTtlDays: CertificateTtlDays,
    archivedAt: isoDate.nullable().meta({ example: null }),
    createdAt: isoDate,
    /** Entitlement codes attached to it (every license of it grants them), sorted. */
    entitlements: z.array(z.string()).meta({ example: ["PRO_EXPORT"] }),
  })
  .meta({ id: "Product" });
export type Product = z.infer<typeof Product>;
export const ProductList = z.array(Product);

const Name = singleLine(z.string().trim().min(1).max(200));
const Description = multiLine(z.string().trim().max(2000));

const productFields = {
  slug: Slug.optional().meta({ example: "trading-analyzer" }),
  name: Name.meta({ example: "Smart Item Trading Analyzer" }),
  version: singleLine(z.string().trim().max(50)).nullable().optional().meta({ example: "1.0.0" }),
  description: Description.nullable()
    .optional()
    .meta({ example: "Item-wise trading analysis for Busy accounting." }),
  parentProductId: RecordId.nullable().optional().meta({ example: null }),
  keyFormat: KeyFormatInput.optional(),
  bindingKind: BindingKind.optional(),
  maxSeats: z.number().int().min(1).max(100_000).optional().meta({ example: 1 }),
  /** Minor units (paise, cents). */
  price: z.number().int().min(0).max(1_000_000_000).nullable().optional().meta({ example: 299900 }),
  currency: Currency.nullable().optional().meta({ example: "INR" }),
  durationValue: z.number().int().min(1).max(1000).nullable().optional().meta({ example: 1 }),
  durationUnit: DurationUnit.nullable().optional(),
  /** The expiry policy of its licenses (defaults: restrict, 0 days, purchase); plans may override it. */
  expiryStrategy: ExpiryStrategy.optional(),
  gracePeriodDays: GracePeriodDays.optional(),
  clockStartsAt: ClockStartsAt.optional(),
  onRefund: RefundLicenseAction.nullable().optional(),
  /** `floating` needs `heartbeatSeconds`. */
  seatMode: SeatMode.optional(),
  heartbeatSeconds: HeartbeatSeconds.nullable().optional(),
  devDomainPatterns: DevDomainPatterns.optional(),
  certificateTtlDays: CertificateTtlDays.optional(),
};

export const CreateProductInput = z.object({ kind: CatalogProductKind, ...productFields });
export type CreateProductInput = z.infer<typeof CreateProductInput>;

export const UpdateProductInput = z.object({
  productId: RecordId.meta({ example: "prd_af0mrdmds0dcaghvz7m2" }),
  ...productFields,
  name: productFields.name.optional(),
});
export type UpdateProductInput = z.infer<typeof UpdateProductInput>;

export const ProductIdInput = z.object({ productId: RecordId.meta({ example: "prd_af0mrdmds0dcaghvz7m2" }) });

/** A flag that is a boolean over tRPC and `true`/`false` in a REST query string. */
const QueryFlag = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean());

export const ListProductsInput = z.object({
  kind: CatalogProductKind.optional(),
  includeArchived: QueryFlag.default(false),
});

export const PlanPrice = z.object({
  id: z.string().meta({ example: "prc_hazn4sf4yqh7gh8anezp" }),
  billingCycle: PlanBillingCycle,
  durationValue: z.number().int().meta({ example: 1 }),
  durationUnit: DurationUnit.meta({ example: "month" }),
  amount: z.number().int().meta({ example: 49900 }),
  currency: z.string().meta({ example: "INR" }),
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
    id: z.string().meta({ example: "pln_d3ga91nk1ft0630vr80e" }),
    productId: z.string().meta({ example: "prd_0vq946tx1vwsres9k697" }),
    /** Integer id of the REST dialects (Biznoq `planId`). */
    number: z.number().int().meta({ example: 1 }),
    name: z.string().meta({ example: "Monthly Plan" }),
    description: z.string().nullable().meta({ example: "Billed every month; cancel any time." }),
    prices: z.array(PlanPrice),
    ...planPolicyOverrides,
    archivedAt: isoDate.nullable().meta({ example: null }),
    createdAt: isoDate,
    /** Entitlement codes attached to it (every license of it grants them), sorted. */
    entitlements: z.array(z.string()).meta({ example: ["PRO_EXPORT"] }),
  })
  .meta({ id: "Plan" });
export type Plan = z.infer<typeof Plan>;
export const PlanList = z.array(Plan);

export const PlanPriceInput = z.object({
  billingCycle: PlanBillingCycle,
  /** Defaults: monthly = 1 month, yearly = 1 year. Required for custom. */
  durationValue: z.number().int().min(1).max(1000).optional().meta({ example: 1 }),
  durationUnit: DurationUnit.optional(),
  amount: z.number().int().min(0).max(1_000_000_000).meta({ example: 49900 }),
  currency: Currency.optional().meta({ example: "INR" }),
});
export type PlanPriceInput = z.infer<typeof PlanPriceInput>;

export const CreatePlanInput = z.object({
  productId: RecordId.meta({ example: "prd_0vq946tx1vwsres9k697" }),
  name: Name.meta({ example: "Monthly Plan" }),
  description: Description.nullable().optional().meta({ example: "Billed every month; cancel any time." }),
  prices: z.array(PlanPriceInput).max(3).default([]),
  ...planPolicyInput,
});
export type CreatePlanInput = z.infer<typeof CreatePlanInput>;

export const UpdatePlanInput = z.object({
  planId: RecordId.meta({ example: "pln_d3ga91nk1ft0630vr80e" }),
  name: Name.optional().meta({ example: "Monthly Plan" }),
  description: Description.nullable().optional().meta({ example: "Billed every month; cancel any time." }),
  ...planPolicyInput,
});
export type UpdatePlanInput = z.infer<typeof UpdatePlanInput>;

export const SetPlanPriceInput = PlanPriceInput.extend({
  planId: RecordId.meta({ example: "pln_d3ga91nk1ft0630vr80e" }),
  active: z.boolean().default(true),
});
export type SetPlanPriceInput = z.infer<typeof SetPlanPriceInput>;

export const PlanIdInput = z.object({ planId: RecordId.meta({ example: "pln_d3ga91nk1ft0630vr80e" }) });
export const ListPlansInput = z.object({
  productId: singleLine(z.string().max(64)).optional(),
  includeArchived: QueryFlag.default(false),
});

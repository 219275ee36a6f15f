import { z } from "zod";
import { SubscriptionRepeat } from "./billing-cycles";
import { INT4_MAX, PositiveInt4, RecordId, singleLine } from "./primitives";
import { VendorSlugText } from "./vendors";

/**
 * Commerce contracts shared by the API and the portal (the portal validates with these same
 * schemas before it sends anything).
 */

export const BillingCycle = z.enum(["monthly", "yearly"]);
export type BillingCycle = z.infer<typeof BillingCycle>;

export const OrderStatus = z.enum([
  "pending",
  "paid",
  "partially_refunded",
  "refunded",
  "failed",
  "cancelled",
  "expired",
]);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** An order whose payment went through (some of it may have gone back since): it has a receipt and its keys. */
export function orderTookPayment(status: OrderStatus | string): boolean {
  return status === "paid" || status === "partially_refunded" || status === "refunded";
}

/** What an order sells: an add-on, a subscription period, a license package, or a renewal. */
export const OrderKind = z.enum(["addon", "subscription", "package", "renewal"]);
export type OrderKind = z.infer<typeof OrderKind>;

/** Biznoq: a 10-digit mobile number. */
export const BuyerPhone = z
  .string({ error: "buyerPhone is required." })
  .trim()
  .regex(/^\d{10}$/, { error: "buyerPhone must be a 10-digit mobile phone number." });

export const SerialNo = singleLine(
  z
    .string({ error: "serialNo is required." })
    .trim()
    .min(1, { error: "serialNo is required." })
    .max(64, { error: "serialNo is too long." }),
  "serialNo must not contain control characters.",
);

const positiveId = (name: string) =>
  z.coerce
    .number({ error: `${name} must be an integer.` })
    .int({ error: `${name} must be an integer.` })
    .positive({ error: `${name} must be a positive integer.` })
    .max(INT4_MAX, { error: `${name} is out of range.` });

/** Seed 000: POST /api/purchase */
export const BiznoqPurchaseBody = z.object({
  addonId: positiveId("addonId"),
  serialNo: SerialNo,
  buyerPhone: BuyerPhone,
});
export type BiznoqPurchaseBody = z.infer<typeof BiznoqPurchaseBody>;

/** Seed 000: POST /api/plans/subscribe */
export const BiznoqSubscribeBody = z.object({
  planId: positiveId("planId"),
  serialNo: SerialNo,
  buyerPhone: BuyerPhone,
  billingCycle: z.enum(["monthly", "yearly"], { error: "billingCycle must be either monthly or yearly." }),
});
export type BiznoqSubscribeBody = z.infer<typeof BiznoqSubscribeBody>;

export const HttpUrl = singleLine(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(2048));

/** A license key as typed (its shape is checked in core). */
const LicenseKeyText = singleLine(z.string().trim().min(1).max(128));

/** What a customer buys, whichever surface sells it. */
export const CheckoutItem = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("addon"),
    /** The add-on's integer id (Biznoq `addonId`). */
    productNumber: PositiveInt4.meta({ example: 1 }),
    serialNo: SerialNo.meta({ example: "B-55501234" }),
  }),
  z.object({
    kind: z.literal("subscription"),
    /** The plan's integer id (Biznoq `planId`). */
    planNumber: PositiveInt4.meta({ example: 1 }),
    billingCycle: BillingCycle,
    /** Serial number or domain the license binds to, if the product needs it at purchase. */
    binding: singleLine(z.string().trim().min(1).max(256)).optional().meta({ example: "example.com" }),
  }),
  z.object({
    kind: z.literal("package"),
    packageId: RecordId.meta({ example: "Plakdiooh209sz" }),
    subscriptionTypeId: RecordId.meta({ example: "Plakdiooh209sz" }),
    startDate: z.iso
      .date()
      .or(z.iso.datetime({ offset: true }))
      .meta({ example: "2026-06-01" }),
    endDate: z.iso
      .date()
      .or(z.iso.datetime({ offset: true }))
      .meta({ example: "2026-12-31" }),
    quantity: z.number().int().min(1).max(100).default(1).meta({ example: 5 }),
  }),
  z.object({
    kind: z.literal("renewal"),
    licenseKey: LicenseKeyText.meta({ example: "GA-X3R9-K9L2-M4P1" }),
    billingCycle: BillingCycle.optional(),
  }),
]);
export type CheckoutItem = z.infer<typeof CheckoutItem>;

/** The shape of a mobile number as people type it: digits with an optional +, spaces, dashes. */
export const TYPED_MOBILE = /^\+?[\d\s().-]{10,20}$/;

export const CheckoutCustomer = z
  .object({
    /** As typed ("+91 94604 39200", "094604 39200"): core normalises it to 10 digits or refuses it. */
    phone: z.string().trim().regex(TYPED_MOBILE, { error: "Enter a 10-digit mobile number." }).optional(),
    email: z.email({ error: "Enter a valid email address." }).max(254).optional(),
  })
  .default({});

export const CreateCheckoutOrderInput = z.object({
  vendorSlug: VendorSlugText,
  item: CheckoutItem,
  customer: CheckoutCustomer,
  returnUrl: HttpUrl.optional(),
  cancelUrl: HttpUrl.optional(),
});
export type CreateCheckoutOrderInput = z.infer<typeof CreateCheckoutOrderInput>;

/** The portal's order page: the token is the credential. */
export const CheckoutOrderTokenInput = z.object({ token: singleLine(z.string().min(8).max(64)) });
/** The renewal page (`/renew?key=…`). */
export const RenewalOptionsInput = z.object({ licenseKey: LicenseKeyText });

export const CheckoutOrderCreated = z.object({
  orderId: z.string().meta({ example: "ord_4k2m9x7q1v8c3n6b5z0w" }),
  token: z.string().meta({ example: "V1StGXR8_Z5jdHi6B-myT3qk" }),
  reference: z.string().meta({ example: "TXN-1780060652000-0427" }),
  paymentUrl: z.string().meta({ example: "https://keyway.example/pay/V1StGXR8_Z5jdHi6B-myT3qk" }),
  amount: z.number().int().meta({ example: 299900 }),
  currency: z.string().meta({ example: "INR" }),
  licenseKeys: z.array(z.string()).meta({ example: ["GA-X3R9-K9L2-M4P1"] }),
  subscriptionId: z.number().int().nullable().meta({ example: null }),
  /** Paid through the sandbox: no money moves, and its licenses are test mode too. */
  testMode: z.boolean(),
});
export type CheckoutOrderCreated = z.infer<typeof CheckoutOrderCreated>;

export const OrderLicense = z.object({
  key: z.string(),
  status: z.string(),
  expiresAt: z.string().nullable(),
  productName: z.string(),
});

export const CheckoutOrder = z.object({
  orderId: z.string(),
  token: z.string(),
  reference: z.string(),
  vendorSlug: z.string(),
  vendorName: z.string(),
  status: OrderStatus,
  kind: OrderKind,
  itemName: z.string(),
  quantity: z.number().int(),
  amount: z.number().int(),
  currency: z.string(),
  /** Minor units given back so far (refunds); 0 when none. */
  refundedAmount: z.number().int(),
  gateway: z.string(),
  paymentUrl: z.string().nullable(),
  testMode: z.boolean(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  expiresAt: z.string(),
  licenses: z.array(OrderLicense),
  subscriptionId: z.number().int().nullable(),
  /** A subscription's order: how it repeats and its next charge; null when nothing repeats. */
  repeats: SubscriptionRepeat.nullable(),
});
export type CheckoutOrder = z.infer<typeof CheckoutOrder>;

export const RenewalOption = z.object({
  billingCycle: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  durationValue: z.number().int(),
  durationUnit: z.string(),
  /** The expiry this renewal gives if paid now (the date renewing computes when it is paid). */
  newExpiresAt: z.string(),
});

/** Why a license takes no renewal order (core's one renewability rule), in words. */
export const RenewalRefusal = z.object({
  reason: z.enum(["perpetual", "subscription", "pending", "suspended", "revoked"]),
  message: z.string(),
});
export type RenewalRefusal = z.infer<typeof RenewalRefusal>;

export const RenewalOptions = z.object({
  licenseKey: z.string(),
  vendorSlug: z.string(),
  vendorName: z.string(),
  productName: z.string(),
  status: z.string(),
  expiresAt: z.string().nullable(),
  /** The term waits for the first activation: renewing starts it. */
  clockPending: z.boolean(),
  /** Empty when the license is not renewable (`refusal` says why) or has no price to renew at. */
  options: z.array(RenewalOption),
  refusal: RenewalRefusal.nullable(),
});
export type RenewalOptions = z.infer<typeof RenewalOptions>;

/** Vendor-facing order view (REST /api/v1/orders). */
export const Order = z.object({
  id: z.string().meta({ example: "ord_4k2m9x7q1v8c3n6b5z0w" }),
  reference: z.string().meta({ example: "TXN-1780060652000-0427" }),
  kind: OrderKind,
  status: OrderStatus.meta({ example: "paid" }),
  amount: z.number().int().meta({ example: 299900 }),
  currency: z.string().meta({ example: "INR" }),
  gateway: z.string().meta({ example: "upigateway" }),
  paymentUrl: z.string().nullable().meta({ example: null }),
  testMode: z.boolean().meta({ example: false }),
  customerId: z.string().nullable().meta({ example: "cus_n6xmjd7kj8wz2k8jry0j" }),
  productId: z.string().nullable().meta({ example: "prd_af0mrdmds0dcaghvz7m2" }),
  planId: z.string().nullable().meta({ example: null }),
  licenseId: z.string().nullable().meta({ example: "lic_spgnfr8bzmkyc5jmngsw" }),
  subscriptionId: z.number().int().nullable().meta({ example: null }),
  quantity: z.number().int().meta({ example: 1 }),
  createdAt: z.string().meta({ example: "2026-05-29T13:17:32.000Z" }),
  paidAt: z.string().nullable().meta({ example: "2026-05-29T13:19:05.000Z" }),
  expiresAt: z.string().meta({ example: "2026-05-29T14:17:32.000Z" }),
  /** Minor units given back so far (refunds that succeeded or were made outside Keyway). */
  refundedAmount: z.number().int().meta({ example: 0 }),
});
export type Order = z.infer<typeof Order>;

/** A required id of seed 001, with its field-named messages. */
const jframeworkId = (field: string) =>
  singleLine(
    z
      .string({ error: `The ${field} field is required.` })
      .trim()
      .min(1, `The ${field} field is required.`)
      .max(64, `The ${field} field must be at most 64 characters.`),
    `The ${field} field must not contain control characters.`,
  );

/** Seed 001: POST /api/v1/licenses/purchase/checkout-link (JFramework). */
export const JFrameworkCheckoutBody = z.object({
  returnURL: HttpUrl.nullish(),
  cancelURL: HttpUrl.nullish(),
  packageId: jframeworkId("packageId"),
  subscriptionTypeId: jframeworkId("subscriptionTypeId"),
  startDate: z.iso
    .date()
    .or(z.iso.datetime({ offset: true }))
    .or(z.iso.datetime()),
  endDate: z.iso
    .date()
    .or(z.iso.datetime({ offset: true }))
    .or(z.iso.datetime()),
  testMode: z.boolean().nullish(),
  quantity: z
    .number()
    .int()
    .min(1, "The quantity must be at least 1.")
    .max(100, "The quantity must be at most 100.")
    .nullish(),
});
export type JFrameworkCheckoutBody = z.infer<typeof JFrameworkCheckoutBody>;

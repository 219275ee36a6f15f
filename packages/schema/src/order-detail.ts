import { z } from "zod";
import { PlanBillingCycle } from "./catalog";
import { Order } from "./commerce";
import { LicenseStatus } from "./licensing";
import { RefundLicenseAction } from "./refunds";

/** Contracts of one order as its vendor sees it whole (`GET /orders/{orderId}/detail`, the console's order page). */

const isoDate = z.iso.datetime({ offset: true }).meta({ example: "2026-05-29T13:17:32.000Z" });

/** What the order sells: the product (and plan), how many, for what cycle. */
export const OrderDetailItem = z.object({
  productName: z.string().nullable().meta({ example: "Smart Item Trading Analyzer" }),
  planName: z.string().nullable().meta({ example: "Monthly Plan" }),
  billingCycle: PlanBillingCycle.nullable().meta({ example: null }),
  quantity: z.number().int().meta({ example: 1 }),
  /** The product's own choice of what a refund does to its licenses (null: revoke on a full refund). */
  onRefund: RefundLicenseAction.nullable().meta({ example: null }),
});

/** One outcome the gateway reported for the order (a payment that went through, failed, or was refused). */
export const OrderDetailPayment = z.object({
  id: z.string().meta({ example: "pay_8f2k4m6q9s1v3x5z7b0d" }),
  gateway: z.string().meta({ example: "upigateway" }),
  /** The gateway's own transaction id. */
  reference: z.string().meta({ example: "UPI-5521908811" }),
  status: z.enum(["succeeded", "failed", "refused"]).meta({ example: "succeeded" }),
  amount: z.number().int().meta({ example: 299900 }),
  currency: z.string().meta({ example: "INR" }),
  /** Why a callback was refused (amount mismatch, expired order…). */
  reason: z.string().nullable().meta({ example: null }),
  createdAt: isoDate,
});
export type OrderDetailPayment = z.infer<typeof OrderDetailPayment>;

/** A license the order issued, reserved, or renewed, as it stands now. */
export const OrderDetailLicense = z.object({
  id: z.string().meta({ example: "lic_spgnfr8bzmkyc5jmngsw" }),
  key: z.string().meta({ example: "GA-X3R9-K9L2-M4P1" }),
  status: LicenseStatus,
  productName: z.string().meta({ example: "Smart Item Trading Analyzer" }),
  expiresAt: isoDate.nullable(),
});

export const OrderDetailCustomer = z.object({
  id: z.string().meta({ example: "cus_n6xmjd7kj8wz2k8jry0j" }),
  name: z.string().nullable().meta({ example: "Demo Buyer" }),
  email: z.string().nullable().meta({ example: "buyer@example.com" }),
  phone: z.string().nullable().meta({ example: "9460439200" }),
});

export const OrderDetail = z
  .object({
    order: Order,
    item: OrderDetailItem,
    customer: OrderDetailCustomer.nullable(),
    /** Oldest first. */
    payments: z.array(OrderDetailPayment),
    licenses: z.array(OrderDetailLicense),
  })
  .meta({ id: "OrderDetail" });
export type OrderDetail = z.infer<typeof OrderDetail>;

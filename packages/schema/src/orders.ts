import { z } from "zod";
import { PlanBillingCycle } from "./catalog";
import { BillingCycle, CheckoutItem, Order, OrderStatus } from "./commerce";
import { GatewayName } from "./gateways";
import { int4, PositiveInt4, RecordId, singleLine } from "./primitives";

/** Contracts of the vendor's order routes (REST `/api/v1/orders`, `/api/v1/subscriptions`). */

const AnyUrl = singleLine(z.url().max(2048));
const Phone = singleLine(z.string().max(32));
const Email = z.email().max(254);

const orderOptions = {
  gateway: GatewayName.optional(),
  testMode: z.boolean().optional(),
  returnUrl: AnyUrl.optional().meta({ example: "https://vendor.example/thanks" }),
  cancelUrl: AnyUrl.optional().meta({ example: "https://vendor.example/cart" }),
};

export const CreateOrderInput = z.object({
  item: CheckoutItem,
  customer: z
    .object({
      phone: Phone.optional().meta({ example: "9460439200" }),
      email: Email.optional().meta({ example: "buyer@example.com" }),
      name: singleLine(z.string().max(200)).optional().meta({ example: "Demo Buyer" }),
    })
    .default({}),
  ...orderOptions,
});
export type CreateOrderInput = z.infer<typeof CreateOrderInput>;

export const CreateSubscriptionInput = z.object({
  planNumber: PositiveInt4.meta({ example: 1 }),
  billingCycle: BillingCycle,
  /** Serial number or domain the license binds to, when the product needs one. */
  binding: singleLine(z.string().trim().min(1).max(256)).optional().meta({ example: "example.com" }),
  customer: z
    .object({
      phone: Phone.optional().meta({ example: "9460439200" }),
      email: Email.optional().meta({ example: "buyer@example.com" }),
    })
    .default({}),
  ...orderOptions,
});
export type CreateSubscriptionInput = z.infer<typeof CreateSubscriptionInput>;

export const OrderIdInput = z.object({ orderId: RecordId.meta({ example: "ord_4k2m9x7q1v8c3n6b5z0w" }) });

/** A page of orders, newest first; `nextCursor` (null on the last page) goes back as `cursor`. */
export const OrderPage = z
  .object({ items: z.array(Order), nextCursor: z.string().nullable() })
  .meta({ id: "OrderPage" });

export const ListOrdersInput = z.object({
  limit: z.coerce.number<number>().int().min(1).max(200).optional(),
  /** `nextCursor` of the previous page. */
  cursor: singleLine(z.string().max(200)).optional(),
  status: OrderStatus.optional(),
  customerId: RecordId.optional(),
});
export type ListOrdersInput = z.input<typeof ListOrdersInput>;

/** A subscription's integer id (a path parameter in REST, hence coerced). */
export const SubscriptionIdInput = z.object({
  subscriptionId: int4(z.coerce.number<number>())
    .positive({ error: "must be a positive integer" })
    .meta({ example: 42 }),
});

export const SubscriptionStatus = z.enum(["pending", "active", "past_due", "cancelled", "expired"]);

/** A subscription as its vendor (REST) and its customer (portal) see it. */
export const Subscription = z
  .object({
    id: z.number().int().meta({ example: 42 }),
    status: SubscriptionStatus.meta({ example: "active" }),
    billingCycle: PlanBillingCycle,
    productName: z.string().meta({ example: "Acme Desktop" }),
    planName: z.string().meta({ example: "Pro" }),
    /** The plan's price for this cycle in minor units, with its currency; null when the plan has no price for it. */
    amount: z.number().int().nullable().meta({ example: 49900 }),
    currency: z.string().nullable().meta({ example: "INR" }),
    licenseId: z.string().nullable().meta({ example: "lic_spgnfr8bzmkyc5jmngsw" }),
    /** The paid period ends (and, once cancelled, the license stops renewing) here. */
    currentPeriodEnd: z.iso
      .datetime({ offset: true })
      .nullable()
      .meta({ example: "2026-06-29T13:17:32.000Z" }),
    cancelAtPeriodEnd: z.boolean().meta({ example: false }),
    /**
     * The pay link of the renewal order the scheduler opened for the coming period (before the
     * period ends, and while past due); null when none is open.
     */
    renewalPaymentUrl: z.string().nullable(),
  })
  .meta({ id: "Subscription" });
export type Subscription = z.infer<typeof Subscription>;
export const SubscriptionList = z.array(Subscription);

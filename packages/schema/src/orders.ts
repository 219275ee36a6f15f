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
  returnUrl: AnyUrl.optional(),
  cancelUrl: AnyUrl.optional(),
};

export const CreateOrderInput = z.object({
  item: CheckoutItem,
  customer: z
    .object({
      phone: Phone.optional(),
      email: Email.optional(),
      name: singleLine(z.string().max(200)).optional(),
    })
    .default({}),
  ...orderOptions,
});
export type CreateOrderInput = z.infer<typeof CreateOrderInput>;

export const CreateSubscriptionInput = z.object({
  planNumber: PositiveInt4,
  billingCycle: BillingCycle,
  /** Serial number or domain the license binds to, when the product needs one. */
  binding: singleLine(z.string().trim().min(1).max(256)).optional(),
  customer: z.object({ phone: Phone.optional(), email: Email.optional() }).default({}),
  ...orderOptions,
});
export type CreateSubscriptionInput = z.infer<typeof CreateSubscriptionInput>;

export const OrderIdInput = z.object({ orderId: RecordId });

export const OrderPage = z.object({ items: z.array(Order) });

export const ListOrdersInput = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional(),
  before: z.iso.datetime({ offset: true }).optional(),
  status: OrderStatus.optional(),
});

/** A subscription's integer id (a path parameter in REST, hence coerced). */
export const SubscriptionIdInput = z.object({
  subscriptionId: int4(z.coerce.number()).positive({ error: "must be a positive integer" }),
});

export const SubscriptionStatus = z.enum(["pending", "active", "past_due", "cancelled", "expired"]);

/** A subscription as its vendor (REST) and its customer (portal) see it. */
export const Subscription = z
  .object({
    id: z.number().int(),
    status: SubscriptionStatus,
    billingCycle: PlanBillingCycle,
    licenseId: z.string().nullable(),
    /** The paid period ends (and, once cancelled, the license stops renewing) here. */
    currentPeriodEnd: z.iso.datetime({ offset: true }).nullable(),
    cancelAtPeriodEnd: z.boolean(),
    /**
     * The pay link of the renewal order the scheduler opened for the coming period (before the
     * period ends, and while past due); null when none is open.
     */
    renewalPaymentUrl: z.string().nullable(),
  })
  .meta({ id: "Subscription" });
export type Subscription = z.infer<typeof Subscription>;
export const SubscriptionList = z.array(Subscription);

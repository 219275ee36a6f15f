import type { GatewayName } from "@keyway/schema";
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
import type { BillingCycle } from "./catalog";
import { plans, products } from "./catalog";
import { amount, createdAt, currency, type DurationUnit, id, tstz, updatedAt, vendorId } from "./columns";
import { customers } from "./customers";
import { licenses } from "./licenses";
import { vendors } from "./vendors";

export type OrderKind = "addon" | "subscription" | "package" | "renewal";
export type OrderStatus =
  | "pending"
  | "paid"
  | "partially_refunded"
  | "refunded"
  | "failed"
  | "cancelled"
  | "expired";
/** Whose account at the provider an order's payment opened on: the vendor's own, or the server-wide one. */
export type GatewayAccount = "vendor" | "server";
export type { GatewayName };

export const orders = pgTable(
  "orders",
  {
    id: id("ord"),
    vendorId: vendorId().references(() => vendors.id),
    /** Merchant transaction reference sent to gateways (`client_txn_id`), e.g. `TXN-1716942000000-8452`. */
    reference: text("reference").notNull(),
    /** Opaque token of the hosted pay page (`/pay/:token`). */
    token: text("token").notNull(),
    kind: text("kind").$type<OrderKind>().notNull(),
    status: text("status").$type<OrderStatus>().notNull().default("pending"),
    customerId: text("customer_id").references(() => customers.id),
    productId: text("product_id").references(() => products.id),
    planId: text("plan_id").references(() => plans.id),
    billingCycle: text("billing_cycle").$type<BillingCycle>(),
    /** License being renewed (renewal) or reserved at order time (add-on). */
    licenseId: text("license_id").references(() => licenses.id),
    subscriptionId: integer("subscription_id"),
    quantity: integer("quantity").notNull().default(1),
    amount: amount(),
    currency: currency(),
    gateway: text("gateway").$type<GatewayName>().notNull().default("sandbox"),
    gatewayOrderId: text("gateway_order_id"),
    /** Whose account the payment opened on; its callbacks, checks and refunds use that account only. */
    gatewayAccount: text("gateway_account").$type<GatewayAccount>(),
    paymentUrl: text("payment_url"),
    testMode: boolean("test_mode").notNull().default(false),
    returnUrl: text("return_url"),
    cancelUrl: text("cancel_url"),
    /** What the buyer binds the license to at purchase (serial number, domain). */
    bindingValue: text("binding_value"),
    /** Validity window requested by the buyer (JFramework start/end dates). */
    startsAt: tstz("starts_at"),
    endsAt: tstz("ends_at"),
    /**
     * The term paying grants, priced once when the order opened (the add-on's or plan's validity,
     * the renewal period, a package's cycle); what fulfilment grants. Null value: perpetual.
     */
    durationValue: integer("duration_value"),
    durationUnit: text("duration_unit").$type<DurationUnit>(),
    /** Unpaid orders expire after this instant. */
    expiresAt: tstz("expires_at").notNull(),
    paidAt: tstz("paid_at"),
    /** What has gone back to the buyer so far (refunds that succeeded or were made outside Keyway). */
    refundedAmount: integer("refunded_amount").notNull().default(0),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("orders_reference_key").on(t.reference),
    uniqueIndex("orders_token_key").on(t.token),
    uniqueIndex("orders_gateway_order_key").on(t.gateway, t.gatewayOrderId),
    index("orders_vendor_idx").on(t.vendorId, t.createdAt),
    index("orders_customer_idx").on(t.customerId),
    index("orders_pending_expiry_idx").on(t.expiresAt).where(sql`${t.status} = 'pending'`),
    check(
      "orders_status",
      sql`${t.status} in ('pending','paid','partially_refunded','refunded','failed','cancelled','expired')`,
    ),
    check("orders_refunded_amount", sql`${t.refundedAmount} between 0 and ${t.amount}`),
    check(
      "orders_gateway_account",
      sql`${t.gatewayAccount} is null or ${t.gatewayAccount} in ('vendor','server')`,
    ),
    check("orders_kind", sql`${t.kind} in ('addon','subscription','package','renewal')`),
    check("orders_amount", sql`${t.amount} >= 0`),
    check("orders_quantity", sql`${t.quantity} >= 1`),
    check("orders_duration", sql`${t.durationValue} >= 1`),
    check("orders_duration_unit", sql`${t.durationUnit} in ('hour','day','week','month','year')`),
  ],
);

export type PaymentStatus = "succeeded" | "failed" | "refused";

/** Every callback outcome a gateway reported for an order; the transaction id is unique per gateway. */
export const payments = pgTable(
  "payments",
  {
    id: id("pay"),
    vendorId: vendorId().references(() => vendors.id),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    gateway: text("gateway").$type<GatewayName>().notNull(),
    gatewayTxnId: text("gateway_txn_id").notNull(),
    status: text("status").$type<PaymentStatus>().notNull(),
    amount: amount(),
    currency: currency(),
    /** Why a callback was refused (amount mismatch, expired order…). */
    reason: text("reason"),
    raw: jsonb("raw").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("payments_gateway_txn_key").on(t.gateway, t.gatewayTxnId),
    index("payments_order_idx").on(t.orderId),
    check("payments_status", sql`${t.status} in ('succeeded','failed','refused')`),
  ],
);

export type SubscriptionStatus = "pending" | "active" | "past_due" | "cancelled" | "expired";

export const subscriptions = pgTable(
  "subscriptions",
  {
    /** Integer, as Biznoq's `subscriptionId`. */
    id: serial("id").primaryKey(),
    vendorId: vendorId().references(() => vendors.id),
    customerId: text("customer_id").references(() => customers.id),
    planId: text("plan_id")
      .notNull()
      .references(() => plans.id),
    billingCycle: text("billing_cycle").$type<BillingCycle>().notNull(),
    licenseId: text("license_id").references(() => licenses.id),
    status: text("status").$type<SubscriptionStatus>().notNull().default("pending"),
    currentPeriodStart: tstz("current_period_start"),
    currentPeriodEnd: tstz("current_period_end"),
    cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
    cancelledAt: tstz("cancelled_at"),
    /** The renewal order the scheduler opened for the coming period (its pay link goes out). */
    renewalOrderId: text("renewal_order_id"),
    /** As on licenses: when the scheduler next looks; a trigger sets the epoch on any change of term or state. */
    lifecycleDueAt: tstz("lifecycle_due_at"),
    /** What the scheduler already did for the current period end (reset when it changes). */
    lifecycleSent: text("lifecycle_sent").array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("subscriptions_vendor_idx").on(t.vendorId),
    index("subscriptions_license_idx").on(t.licenseId),
    index("subscriptions_customer_idx").on(t.customerId),
    index("subscriptions_lifecycle_due_idx").on(t.lifecycleDueAt).where(sql`${t.lifecycleDueAt} is not null`),
    check("subscriptions_status", sql`${t.status} in ('pending','active','past_due','cancelled','expired')`),
  ],
);

/** `Idempotency-Key` replays: same key + same body → the first answer, for 24 h. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    id: id("idem"),
    vendorId: vendorId().references(() => vendors.id),
    /** Which route the key was used on (`biznoq.purchase`, `order.create`…). */
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    statusCode: integer("status_code"),
    /** The first answer's exact text (not jsonb, which reorders keys), replayed byte for byte. */
    response: text("response"),
    contentType: text("content_type"),
    expiresAt: tstz("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("idempotency_keys_scope_key").on(t.vendorId, t.scope, t.key)],
);

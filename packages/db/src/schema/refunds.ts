import type { GatewayName } from "@keyway/schema";
import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { RefundLicenseAction } from "./catalog";
import { amount, createdAt, currency, id, tstz, updatedAt, vendorId } from "./columns";
import { orders, payments } from "./commerce";
import { vendors } from "./vendors";

/** `pending`: asked of the provider, not confirmed yet; `failed`: the provider refused it (nothing went back). */
export type RefundStatus = "pending" | "succeeded" | "failed";
/**
 * Where a refund started: `keyway` (the vendor refunded through Keyway, which asked the provider),
 * `provider` (the provider reported it: a refund in its dashboard, a reversal), `outside` (a
 * gateway with no refund API, UPI Gateway: the vendor paid it back outside Keyway, recorded here).
 */
export type RefundSource = "keyway" | "provider" | "outside";

/** Money going back to a buyer: part or all of an order's payment. */
export const refunds = pgTable(
  "refunds",
  {
    id: id("rfd"),
    vendorId: vendorId().references(() => vendors.id),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    paymentId: text("payment_id").references(() => payments.id),
    gateway: text("gateway").$type<GatewayName>().notNull(),
    /** The provider's refund id; null while Keyway waits for the provider's answer, and for `outside`. */
    gatewayRefundId: text("gateway_refund_id"),
    status: text("status").$type<RefundStatus>().notNull(),
    source: text("source").$type<RefundSource>().notNull(),
    amount: amount(),
    currency: currency(),
    reason: text("reason"),
    /** What the refund did to the order's licenses. */
    licenseAction: text("license_action").$type<RefundLicenseAction>().notNull(),
    /** Who asked (`user:…`, `api:…`, `gateway:paypal`). */
    actor: text("actor"),
    failureReason: text("failure_reason"),
    raw: jsonb("raw").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("refunds_gateway_refund_key").on(t.gateway, t.gatewayRefundId),
    index("refunds_order_idx").on(t.orderId),
    index("refunds_vendor_idx").on(t.vendorId, t.createdAt),
    check("refunds_status", sql`${t.status} in ('pending','succeeded','failed')`),
    check("refunds_source", sql`${t.source} in ('keyway','provider','outside')`),
    check("refunds_license_action", sql`${t.licenseAction} in ('revoke','suspend','keep')`),
    check("refunds_amount", sql`${t.amount} > 0`),
  ],
);

/** `open` while the bank or provider decides; `won` (the vendor keeps the money) or `lost`. */
export type DisputeStatus = "open" | "won" | "lost";

/** A buyer's dispute (chargeback, PayPal claim) of an order's payment, as the provider reports it. */
export const disputes = pgTable(
  "disputes",
  {
    id: id("dsp"),
    vendorId: vendorId().references(() => vendors.id),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    gateway: text("gateway").$type<GatewayName>().notNull(),
    gatewayDisputeId: text("gateway_dispute_id").notNull(),
    status: text("status").$type<DisputeStatus>().notNull(),
    amount: amount(),
    currency: currency(),
    reason: text("reason"),
    /** The licenses the dispute suspended: a won dispute reinstates these, and only these. */
    suspendedLicenseIds: text("suspended_license_ids").array().notNull().default(sql`'{}'::text[]`),
    raw: jsonb("raw").$type<Record<string, unknown>>().notNull().default({}),
    openedAt: tstz("opened_at").notNull(),
    closedAt: tstz("closed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("disputes_gateway_dispute_key").on(t.gateway, t.gatewayDisputeId),
    index("disputes_order_idx").on(t.orderId),
    check("disputes_status", sql`${t.status} in ('open','won','lost')`),
  ],
);

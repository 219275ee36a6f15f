import {
  and,
  type Executor,
  eq,
  type GatewayName,
  inArray,
  licenses,
  orders,
  products,
  vendors,
} from "@keyway/db";
import type { CheckoutOrder, Order, RenewalOptions } from "@keyway/schema";
import { normaliseKey, orderTookPayment } from "@keyway/schema";
import { licenseStatus } from "../licensing/license-status";
import { renewalVerdict, renewedExpiry, subscriptionOfLicense } from "../licensing/renewability";
import { afterCursor, newestFirst, pageOf } from "../shared/cursor";
import { DomainError } from "../shared/errors";
import { orderStatusAt } from "./order-expiry";
import { type RenewalPrice, renewalOptions } from "./pricing";
import { activePrices } from "./read-item";
import { repeatSubscriptions, subscriptionRepeat } from "./subscription-repeat";

export async function findOrderByReference(db: Executor, reference: string) {
  const [order] = await db.select().from(orders).where(eq(orders.reference, reference));
  return order ?? null;
}

export async function findOrderByToken(db: Executor, token: string) {
  const [order] = await db.select().from(orders).where(eq(orders.token, token));
  return order ?? null;
}

export async function findOrderByGatewayOrderId(db: Executor, gateway: GatewayName, gatewayOrderId: string) {
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.gateway, gateway), eq(orders.gatewayOrderId, gatewayOrderId)));
  return order ?? null;
}

/** The customer's view of an order, by its unguessable token (order page, pay page). */
export async function getCheckoutOrder(
  db: Executor,
  params: { token: string; now?: Date },
): Promise<CheckoutOrder> {
  const now = params.now ?? new Date();
  const [row] = await db
    .select({ order: orders, vendor: vendors, product: products })
    .from(orders)
    .innerJoin(vendors, eq(vendors.id, orders.vendorId))
    .leftJoin(products, eq(products.id, orders.productId))
    .where(eq(orders.token, params.token));
  if (!row) throw new DomainError("not_found", "Order not found.");
  const { order } = row;
  // Keys are shown once the order is paid, and after a refund too: a fully refunded order's
  // licenses show as they now stand (revoked, suspended or kept).
  const owned = orderTookPayment(order.status)
    ? await db
        .select({ license: licenses, productName: products.name })
        .from(licenses)
        .innerJoin(products, eq(products.id, licenses.productId))
        .where(order.licenseId ? eq(licenses.id, order.licenseId) : eq(licenses.orderId, order.id))
    : [];
  const status = orderStatusAt(order, now);
  const subscription = (await repeatSubscriptions(db, [order.subscriptionId])).get(
    order.subscriptionId ?? -1,
  );
  return {
    orderId: order.id,
    token: order.token,
    reference: order.reference,
    vendorSlug: row.vendor.slug,
    vendorName: row.vendor.name,
    status,
    kind: order.kind,
    itemName: row.product?.name ?? "Order",
    quantity: order.quantity,
    amount: order.amount,
    currency: order.currency,
    refundedAmount: order.refundedAmount,
    gateway: order.gateway,
    paymentUrl: order.paymentUrl,
    testMode: order.testMode,
    createdAt: order.createdAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
    expiresAt: order.expiresAt.toISOString(),
    licenses: owned.map(({ license, productName }) => ({
      key: license.key,
      status: licenseStatus(license, now),
      expiresAt: license.expiresAt?.toISOString() ?? null,
      productName,
    })),
    subscriptionId: order.subscriptionId,
    repeats: subscriptionRepeat({ ...order, status }, subscription ?? null, now),
  };
}

export function toOrderView(order: typeof orders.$inferSelect, now: Date = new Date()): Order {
  return {
    id: order.id,
    reference: order.reference,
    kind: order.kind,
    status: orderStatusAt(order, now),
    amount: order.amount,
    currency: order.currency,
    gateway: order.gateway,
    paymentUrl: order.paymentUrl,
    testMode: order.testMode,
    customerId: order.customerId,
    productId: order.productId,
    planId: order.planId,
    licenseId: order.licenseId,
    subscriptionId: order.subscriptionId,
    quantity: order.quantity,
    createdAt: order.createdAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
    expiresAt: order.expiresAt.toISOString(),
    refundedAmount: order.refundedAmount,
  };
}

export async function getOrder(db: Executor, params: { vendorId: string; orderId: string }): Promise<Order> {
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.vendorId, params.vendorId), eq(orders.id, params.orderId)));
  if (!order) throw new DomainError("not_found", "Order not found.");
  return toOrderView(order);
}

/**
 * A page of the vendor's orders, newest first; pass `nextCursor` back as `cursor` for the next
 * (the same cursor as every list: shared/cursor.ts).
 */
export async function listOrders(
  db: Executor,
  params: {
    vendorId: string;
    limit?: number | undefined;
    cursor?: string | undefined;
    status?: Order["status"][] | undefined;
    customerId?: string | undefined;
  },
): Promise<{ items: Order[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(params.limit ?? 50, 1), 200);
  const conditions = [eq(orders.vendorId, params.vendorId)];
  if (params.status?.length) conditions.push(inArray(orders.status, params.status));
  if (params.customerId) conditions.push(eq(orders.customerId, params.customerId));
  if (params.cursor) conditions.push(afterCursor(orders, params.cursor, params.vendorId));
  const rows = await db
    .select()
    .from(orders)
    .where(and(...conditions))
    .orderBy(...newestFirst(orders))
    .limit(limit + 1);
  const { page, nextCursor } = pageOf(rows, limit, (o) => o.id);
  return { items: page.map((o) => toOrderView(o)), nextCursor };
}

/** What the renewal page shows for a key, without signing in: the key itself is the credential. */
export async function getRenewalOptions(
  db: Executor,
  params: { licenseKey: string; now?: Date },
): Promise<RenewalOptions> {
  const now = params.now ?? new Date();
  const key = normaliseKey(params.licenseKey);
  const [row] = await db
    .select({ license: licenses, product: products, vendor: vendors })
    .from(licenses)
    .innerJoin(products, eq(products.id, licenses.productId))
    .innerJoin(vendors, eq(vendors.id, licenses.vendorId))
    .where(eq(licenses.key, key));
  if (!row) throw new DomainError("license_not_found", "The license was not found.");
  const status = licenseStatus(row.license, now);
  const verdict = renewalVerdict(row.license, await subscriptionOfLicense(db, row.license.id));
  const prices = verdict.renewable ? await renewalPrices(db, row.license, row.product) : [];
  return {
    licenseKey: row.license.key,
    vendorSlug: row.vendor.slug,
    vendorName: row.vendor.name,
    productName: row.product.name,
    status,
    expiresAt: row.license.expiresAt?.toISOString() ?? null,
    clockPending: row.license.clockPending,
    options: prices.map((p) => ({ ...p, newExpiresAt: renewedExpiry(row.license, p, now).toISOString() })),
    refusal: verdict.renewable ? null : { reason: verdict.reason, message: verdict.message },
  };
}

/** The storefront's vendor, by its public slug. */
export async function findVendorBySlug(db: Executor, slug: string) {
  const [vendor] = await db
    .select({ id: vendors.id, slug: vendors.slug, name: vendors.name, currency: vendors.currency })
    .from(vendors)
    .where(eq(vendors.slug, slug.toLowerCase()));
  if (!vendor) throw new DomainError("not_found", "Store not found.");
  return vendor;
}

/** What a license renews for, at today's prices (the renewal page's options). */
async function renewalPrices(
  db: Executor,
  license: Pick<typeof licenses.$inferSelect, "planId">,
  product: Pick<typeof products.$inferSelect, "price" | "currency" | "durationValue" | "durationUnit">,
): Promise<RenewalPrice[]> {
  return renewalOptions(license, product, await activePrices(db, license.planId));
}

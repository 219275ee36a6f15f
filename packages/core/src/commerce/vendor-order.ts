import {
  and,
  asc,
  customers,
  type Executor,
  eq,
  licenses,
  or,
  orders,
  payments,
  plans,
  products,
} from "@keyway/db";
import type { OrderDetail } from "@keyway/schema";
import { licenseStatus } from "../licensing/license-status";
import { DomainError } from "../shared/errors";
import { toOrderView } from "./queries";

/**
 * One of the vendor's orders whole (the console's order page, `GET /orders/{orderId}/detail`):
 * what it sells, the customer, every payment outcome the gateway reported, and the licenses it
 * issued, reserved or renewed, as they stand at `now`. Refunds and disputes have their own read
 * (`listOrderMoneyBack`).
 */
export async function getVendorOrder(
  db: Executor,
  params: { vendorId: string; orderId: string; now?: Date },
): Promise<OrderDetail> {
  const now = params.now ?? new Date();
  const [row] = await db
    .select({ order: orders, product: products, planName: plans.name, customer: customers })
    .from(orders)
    .leftJoin(products, eq(products.id, orders.productId))
    .leftJoin(plans, eq(plans.id, orders.planId))
    .leftJoin(customers, eq(customers.id, orders.customerId))
    .where(and(eq(orders.vendorId, params.vendorId), eq(orders.id, params.orderId)));
  if (!row) throw new DomainError("not_found", "Order not found.");
  const { order, product, customer } = row;
  const paid = await db
    .select()
    .from(payments)
    .where(and(eq(payments.vendorId, params.vendorId), eq(payments.orderId, order.id)))
    .orderBy(asc(payments.createdAt), asc(payments.id));
  // A package's licenses name the order; an add-on's, subscription's or renewal's is the order's own.
  const owned = await db
    .select({ license: licenses, productName: products.name })
    .from(licenses)
    .innerJoin(products, eq(products.id, licenses.productId))
    .where(
      and(
        eq(licenses.vendorId, params.vendorId),
        order.licenseId
          ? or(eq(licenses.id, order.licenseId), eq(licenses.orderId, order.id))
          : eq(licenses.orderId, order.id),
      ),
    )
    .orderBy(asc(licenses.createdAt), asc(licenses.id));
  return {
    order: toOrderView(order, now),
    item: {
      productName: product?.name ?? null,
      planName: row.planName ?? null,
      billingCycle: order.billingCycle ?? null,
      quantity: order.quantity,
      onRefund: product?.onRefund ?? null,
    },
    customer: customer
      ? { id: customer.id, name: customer.name, email: customer.email, phone: customer.phone }
      : null,
    payments: paid.map((p) => ({
      id: p.id,
      gateway: p.gateway,
      reference: p.gatewayTxnId,
      status: p.status,
      amount: p.amount,
      currency: p.currency,
      reason: p.reason,
      createdAt: p.createdAt.toISOString(),
    })),
    licenses: owned.map(({ license, productName }) => ({
      id: license.id,
      key: license.key,
      status: licenseStatus(license, now),
      productName,
      expiresAt: license.expiresAt?.toISOString() ?? null,
    })),
  };
}

import { type Executor, eq, inArray, licenses, or, type orders, products } from "@keyway/db";
import { orderPageUrl } from "../commerce/after-payment";
import { queueCustomerMessage } from "./queue-message";
import type { MessageLinks } from "./unsubscribe";

type OrderRow = typeof orders.$inferSelect;

/** The messages an order's payment or refund sends (each is the kind of the event behind it). */
export type OrderMessageKind =
  | "payment.succeeded"
  | "license.renewed"
  | "payment.failed"
  | "order.cancelled"
  | "payment.refunded";

/**
 * Queues the customer's message about an order, in the transaction of the change: the purchase
 * (every license key of the order IN FULL: the only message that shows a whole key), the renewal
 * confirmation, a failed or cancelled payment (with a link to try again) or a refund. The amount
 * is in the order's currency (minor units), links start at the host's public URL.
 */
export async function queueOrderMessage(
  tx: Executor,
  params: {
    order: OrderRow;
    kind: OrderMessageKind;
    eventId: string;
    /** Purchase: the keys the order granted (read from the order's licenses when not given). */
    licenseKeys?: string[];
    licenseId?: string | null;
    /** A refund's amount (minor units); the order's amount otherwise. */
    amount?: number;
    /** Extra facts (e.g. the renewed license's new expiry). */
    facts?: Record<string, string | number | null>;
    links?: MessageLinks | null | undefined;
    now: Date;
  },
): Promise<{ queued: number }> {
  const { order, kind, links } = params;
  if (!order.customerId) return { queued: 0 };
  const [product] = order.productId
    ? await tx.select({ name: products.name }).from(products).where(eq(products.id, order.productId))
    : [];
  const keys =
    kind === "payment.succeeded" ? (params.licenseKeys ?? (await orderLicenseKeys(tx, order))) : [];
  const receiptUrl = links ? orderPageUrl(links.publicUrl, order.token) : null;
  const portalUrl = links ? `${links.publicUrl}/account/licenses` : null;
  // Try again: a renewal in the portal; a purchase where the buyer came from (the vendor's shop).
  const retryUrl = order.kind === "renewal" ? portalUrl : (order.cancelUrl ?? order.returnUrl ?? receiptUrl);
  return queueCustomerMessage(
    tx,
    {
      vendorId: order.vendorId,
      customerId: order.customerId,
      licenseId: params.licenseId ?? order.licenseId,
      eventId: params.eventId,
      kind,
      facts: {
        ...(product ? { product_name: product.name } : {}),
        ...(keys.length > 0 ? { license_keys: keys.join("\n"), license_count: keys.length } : {}),
        order_reference: order.reference,
        quantity: order.quantity,
        amount: params.amount ?? order.amount,
        currency: order.currency,
        receipt_url: receiptUrl,
        ...(kind === "payment.failed" || kind === "order.cancelled"
          ? { retry_url: retryUrl, payment_url: retryUrl }
          : {}),
        ...params.facts,
      },
      now: params.now,
    },
    links,
  );
}

/** Every key an order granted: a package's licenses, or the one license it activated or renewed. */
export async function orderLicenseKeys(tx: Executor, order: OrderRow): Promise<string[]> {
  const rows = await tx
    .select({ key: licenses.key })
    .from(licenses)
    .where(
      order.licenseId
        ? or(eq(licenses.orderId, order.id), inArray(licenses.id, [order.licenseId]))
        : eq(licenses.orderId, order.id),
    )
    .orderBy(licenses.createdAt, licenses.id);
  return rows.map((r) => r.key);
}

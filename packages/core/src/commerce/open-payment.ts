import { type Executor, eq, orders } from "@keyway/db";
import { DomainError } from "../shared/errors";
import type { CustomerContact } from "./customers";
import type { PaymentGateway } from "./gateways/gateway";
import type { PricedItem } from "./pricing";

export interface WrittenOrder {
  orderId: string;
  reference: string;
  token: string;
  licenseKeys: string[];
}

/**
 * Opens the payment with a real gateway, after the order is written (no row lock waits on the
 * network), and stores its payment URL. A gateway that cannot open it fails the order. The
 * buyer comes back through Keyway's own return and cancel routes for the gateway.
 */
export async function openPayment(
  db: Executor,
  params: {
    gateway: PaymentGateway;
    order: WrittenOrder;
    priced: PricedItem;
    customer: CustomerContact;
    /** The account's callback route (`callbackBase`): the buyer returns through `<base>/return`. */
    callbackBase: string;
    /** When the order stops taking payment (`orders.expires_at`). */
    expiresAt: Date;
    now: Date;
  },
): Promise<string> {
  const { gateway, order, priced } = params;
  const base = params.callbackBase;
  const ref = encodeURIComponent(order.reference);
  try {
    const opened = await gateway.createPayment({
      orderId: order.orderId,
      reference: order.reference,
      token: order.token,
      amount: priced.amount,
      currency: priced.currency,
      description: priced.productName,
      customer: {
        email: params.customer.email ?? null,
        phone: params.customer.phone ?? null,
        name: params.customer.name ?? null,
      },
      returnUrl: `${base}/return?ref=${ref}`,
      cancelUrl: `${base}/cancel?ref=${ref}`,
      extra: {
        udf1: priced.productSlug,
        udf2: priced.binding?.label ?? "",
        udf3: order.licenseKeys[0] ?? "",
      },
      createdAt: params.now,
      expiresAt: params.expiresAt,
    });
    await db
      .update(orders)
      .set({ paymentUrl: opened.paymentUrl, gatewayOrderId: opened.gatewayOrderId })
      .where(eq(orders.id, order.orderId));
    return opened.paymentUrl;
  } catch (error) {
    await db.update(orders).set({ status: "failed" }).where(eq(orders.id, order.orderId));
    throw error instanceof DomainError
      ? error
      : new DomainError("gateway_error", "The payment gateway could not open the payment.");
  }
}

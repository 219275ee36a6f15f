import { customers, type Executor, eq, type OrderStatus, orders, payments, products } from "@keyway/db";
import { AuditActor, formatDecimalAmount } from "@keyway/schema";
import { recordEvent } from "../events/record-event";
import { queueOrderMessage } from "../messages/order-messages";
import type { MessageLinks } from "../messages/unsubscribe";
import { DomainError } from "../shared/errors";
import { fulfilOrder } from "./fulfil-order";
import { sandboxMaySettle } from "./gateways/choose-gateway";
import type { PaymentResult } from "./gateways/gateway";
import { isOrderExpired, orderExpiredEvent } from "./order-expiry";

export interface ApplyPaymentOutcome {
  /** `applied`: this call changed the order; `unchanged`: already settled; `refused`: recorded and ignored. */
  status: "applied" | "unchanged" | "refused";
  orderId: string;
  orderStatus: OrderStatus;
  reason?: string;
}

/**
 * The one path from a verified gateway outcome to the ledger. One transaction with the order
 * row locked: the payment row, the licenses or subscription period, and the outbox rows change
 * together or not at all. A repeated or concurrent callback finds the order settled and changes
 * nothing; an amount or currency that differs from the order is refused and recorded, and so
 * is a sandbox outcome for a live order (the sandbox settles test-mode orders only).
 */
export async function applyPaymentResult(
  db: Executor,
  result: PaymentResult,
  options: {
    now?: Date;
    /** The host's public URL and secret box: the links of the customer's message. */
    messages?: MessageLinks | null | undefined;
  } = {},
): Promise<ApplyPaymentOutcome> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const [order] = await tx
      .select()
      .from(orders)
      .where(eq(orders.reference, result.reference))
      .for("update");
    if (!order) throw new DomainError("not_found", "Order not found.");
    const actor = AuditActor.gateway(result.gateway);
    const settled = (status: ApplyPaymentOutcome["status"], reason?: string): ApplyPaymentOutcome => ({
      status,
      orderId: order.id,
      orderStatus: order.status,
      ...(reason ? { reason } : {}),
    });
    if (order.status !== "pending") return settled("unchanged");

    // The gateway's report as received, whatever becomes of it (unique per gateway transaction).
    const payment = (status: "succeeded" | "failed" | "refused", reason: string | null = null) => ({
      vendorId: order.vendorId,
      orderId: order.id,
      gateway: result.gateway,
      gatewayTxnId: result.gatewayTxnId,
      status,
      amount: result.amount,
      currency: result.currency,
      reason,
      raw: result.raw,
      createdAt: now,
    });
    const refuse = async (reason: string, orderStatus?: "expired") => {
      await tx.insert(payments).values(payment("refused", reason)).onConflictDoNothing();
      if (orderStatus) {
        await tx.update(orders).set({ status: orderStatus, updatedAt: now }).where(eq(orders.id, order.id));
        // Marked expired here rather than by the scheduler: announced all the same.
        await recordEvent(tx, orderExpiredEvent(order, now));
      }
      await recordEvent(tx, {
        vendorId: order.vendorId,
        type: "payment.refused",
        subjectType: "order",
        subjectId: order.id,
        licenseId: order.licenseId,
        actor,
        data: {
          order_id: order.id,
          reference: order.reference,
          reason,
          amount: result.amount,
          currency: result.currency,
        },
        now,
      });
      return {
        status: "refused" as const,
        orderId: order.id,
        orderStatus: orderStatus ?? order.status,
        reason,
      };
    };

    if (result.gateway !== order.gateway)
      return refuse(`callback from ${result.gateway} for a ${order.gateway} order`);
    if (result.gateway === "sandbox" && !sandboxMaySettle(order))
      return refuse("The sandbox pays test-mode orders only, and this is a live order");
    if (result.outcome === "paid") {
      if (isOrderExpired(order, now)) return refuse("order expired before payment", "expired");
      if (result.amount !== order.amount || result.currency.toUpperCase() !== order.currency.toUpperCase()) {
        return refuse(
          `amount mismatch: paid ${formatDecimalAmount(result.amount, result.currency)} ${result.currency}, order is ${formatDecimalAmount(order.amount, order.currency)} ${order.currency}`,
        );
      }
    }

    const inserted = await tx
      .insert(payments)
      .values(payment(result.outcome === "paid" ? "succeeded" : "failed"))
      .onConflictDoNothing()
      .returning({ id: payments.id });
    // The same gateway transaction already recorded (against any order): nothing more to do.
    if (inserted.length === 0) return settled("unchanged");

    if (result.outcome !== "paid") {
      const status = result.outcome === "cancelled" ? "cancelled" : "failed";
      await tx.update(orders).set({ status, updatedAt: now }).where(eq(orders.id, order.id));
      const failed = await recordEvent(tx, {
        vendorId: order.vendorId,
        type: "payment.failed",
        subjectType: "order",
        subjectId: order.id,
        licenseId: order.licenseId,
        actor,
        data: await paymentEventData(tx, order, result, []),
        now,
      });
      await queueOrderMessage(tx, {
        order,
        kind: status === "cancelled" ? "order.cancelled" : "payment.failed",
        eventId: failed.eventId,
        links: options.messages,
        now,
      });
      return { status: "applied", orderId: order.id, orderStatus: status };
    }

    const { keys: licenseKeys, firstLicenseId } = await fulfilOrder(tx, order, actor, now);
    await tx
      .update(orders)
      .set({ status: "paid", paidAt: now, updatedAt: now })
      .where(eq(orders.id, order.id));
    const succeeded = await recordEvent(tx, {
      vendorId: order.vendorId,
      type: "payment.succeeded",
      subjectType: "order",
      subjectId: order.id,
      licenseId: order.licenseId ?? firstLicenseId,
      actor,
      // Package orders issue their licenses now: the event names the first one.
      data: await paymentEventData(
        tx,
        { ...order, licenseId: order.licenseId ?? firstLicenseId },
        result,
        licenseKeys,
      ),
      now,
    });
    // The customer hears once: this event is recorded once per order, under the order's lock.
    await queueOrderMessage(tx, {
      order,
      kind: order.kind === "renewal" ? "license.renewed" : "payment.succeeded",
      eventId: succeeded.eventId,
      licenseKeys,
      licenseId: order.licenseId ?? firstLicenseId,
      links: options.messages,
      now,
    });
    return { status: "applied", orderId: order.id, orderStatus: "paid" };
  });
}

type OrderRow = typeof orders.$inferSelect;

/** The `payment.*` event data: a contract with webhook formats (Biznoq's body is rendered from it). */
async function paymentEventData(tx: Executor, order: OrderRow, result: PaymentResult, licenseKeys: string[]) {
  const [customer] = order.customerId
    ? await tx.select().from(customers).where(eq(customers.id, order.customerId))
    : [];
  const [product] = order.productId
    ? await tx.select().from(products).where(eq(products.id, order.productId))
    : [];
  return {
    order_id: order.id,
    reference: order.reference,
    gateway: result.gateway,
    gateway_txn_id: result.gatewayTxnId,
    amount: order.amount,
    amount_decimal: formatDecimalAmount(order.amount, order.currency),
    currency: order.currency,
    customer: { id: customer?.id ?? null, phone: customer?.phone ?? null, email: customer?.email ?? null },
    product: product
      ? { id: product.id, number: product.number, slug: product.slug, name: product.name, kind: product.kind }
      : null,
    binding_value: order.bindingValue,
    license_keys: licenseKeys,
    license_id: order.licenseId,
    subscription_id: order.subscriptionId,
    test_mode: order.testMode,
  };
}

import {
  and,
  customers,
  type Executor,
  eq,
  licenses,
  orders,
  payments,
  planPrices,
  products,
  subscriptions,
} from "@keyway/db";
import { formatDecimalAmount } from "@keyway/schema";
import { recordEvent } from "../events/record-event";
import { issueLicense } from "../licensing/issue-license";
import { activateLicense, renewLicense } from "../licensing/renew-license";
import { DomainError } from "../shared/errors";
import { sandboxMaySettle } from "./gateways/choose-gateway";
import type { PaymentResult } from "./gateways/gateway";

export interface ApplyPaymentOutcome {
  /** `applied`: this call changed the order; `unchanged`: already settled; `refused`: recorded and ignored. */
  status: "applied" | "unchanged" | "refused";
  orderId: string;
  orderStatus: "pending" | "paid" | "failed" | "cancelled" | "expired";
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
  options: { now?: Date } = {},
): Promise<ApplyPaymentOutcome> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const [order] = await tx
      .select()
      .from(orders)
      .where(eq(orders.reference, result.reference))
      .for("update");
    if (!order) throw new DomainError("not_found", "Order not found.");
    const actor = `gateway:${result.gateway}`;
    const settled = (status: ApplyPaymentOutcome["status"], reason?: string): ApplyPaymentOutcome => ({
      status,
      orderId: order.id,
      orderStatus: order.status,
      ...(reason ? { reason } : {}),
    });
    if (order.status !== "pending") return settled("unchanged");

    const refuse = async (reason: string, orderStatus?: "expired") => {
      await tx
        .insert(payments)
        .values({
          vendorId: order.vendorId,
          orderId: order.id,
          gateway: result.gateway,
          gatewayTxnId: result.gatewayTxnId,
          status: "refused",
          amount: result.amount,
          currency: result.currency,
          reason,
          raw: result.raw,
          createdAt: now,
        })
        .onConflictDoNothing();
      if (orderStatus)
        await tx.update(orders).set({ status: orderStatus, updatedAt: now }).where(eq(orders.id, order.id));
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
      if (order.expiresAt <= now) return refuse("order expired before payment", "expired");
      if (result.amount !== order.amount || result.currency.toUpperCase() !== order.currency.toUpperCase()) {
        return refuse(
          `amount mismatch: paid ${formatDecimalAmount(result.amount)} ${result.currency}, order is ${formatDecimalAmount(order.amount)} ${order.currency}`,
        );
      }
    }

    const paymentStatus = result.outcome === "paid" ? "succeeded" : "failed";
    const inserted = await tx
      .insert(payments)
      .values({
        vendorId: order.vendorId,
        orderId: order.id,
        gateway: result.gateway,
        gatewayTxnId: result.gatewayTxnId,
        status: paymentStatus,
        amount: result.amount,
        currency: result.currency,
        raw: result.raw,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: payments.id });
    // The same gateway transaction already recorded (against any order): nothing more to do.
    if (inserted.length === 0) return settled("unchanged");

    if (result.outcome !== "paid") {
      const status = result.outcome === "cancelled" ? "cancelled" : "failed";
      await tx.update(orders).set({ status, updatedAt: now }).where(eq(orders.id, order.id));
      await recordEvent(tx, {
        vendorId: order.vendorId,
        type: "payment.failed",
        subjectType: "order",
        subjectId: order.id,
        licenseId: order.licenseId,
        actor,
        data: await paymentEventData(tx, order, result, []),
        now,
      });
      return { status: "applied", orderId: order.id, orderStatus: status };
    }

    const { keys: licenseKeys, firstLicenseId } = await fulfil(tx, order, actor, now);
    await tx
      .update(orders)
      .set({ status: "paid", paidAt: now, updatedAt: now })
      .where(eq(orders.id, order.id));
    await recordEvent(tx, {
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
    return { status: "applied", orderId: order.id, orderStatus: "paid" };
  });
}

type OrderRow = typeof orders.$inferSelect;

/** Grants what the order sold. Returns the license keys it concerns (and the first issued one). */
async function fulfil(
  tx: Executor,
  order: OrderRow,
  actor: string,
  now: Date,
): Promise<{ keys: string[]; firstLicenseId: string | null }> {
  const keys = await grant(tx, order, actor, now);
  return { keys: keys.map((k) => k.key), firstLicenseId: keys[0]?.id ?? null };
}

async function grant(
  tx: Executor,
  order: OrderRow,
  actor: string,
  now: Date,
): Promise<{ id: string; key: string }[]> {
  switch (order.kind) {
    case "addon": {
      if (!order.licenseId) throw new DomainError("internal", "Add-on order without a reserved license.");
      const license = await activateLicense(tx, { licenseId: order.licenseId, actor, now });
      return [license];
    }
    case "subscription": {
      if (!order.licenseId || order.subscriptionId === null) {
        throw new DomainError("internal", "Subscription order without its license.");
      }
      const license = await activateLicense(tx, { licenseId: order.licenseId, actor, now });
      await tx
        .update(subscriptions)
        .set({
          status: "active",
          currentPeriodStart: license.startsAt ?? now,
          currentPeriodEnd: license.expiresAt,
          updatedAt: now,
        })
        .where(eq(subscriptions.id, order.subscriptionId));
      await recordEvent(tx, {
        vendorId: order.vendorId,
        type: "subscription.created",
        subjectType: "subscription",
        subjectId: String(order.subscriptionId),
        licenseId: license.id,
        actor,
        data: {
          subscription_id: order.subscriptionId,
          license_key: license.key,
          billing_cycle: order.billingCycle,
          current_period_end: license.expiresAt?.toISOString() ?? null,
        },
        now,
      });
      return [license];
    }
    case "renewal": {
      if (!order.licenseId) throw new DomainError("internal", "Renewal order without its license.");
      const [price] = order.planId
        ? await tx
            .select()
            .from(planPrices)
            .where(
              and(
                eq(planPrices.planId, order.planId),
                eq(planPrices.billingCycle, order.billingCycle ?? "monthly"),
              ),
            )
        : [];
      const [license] = await tx.select().from(licenses).where(eq(licenses.id, order.licenseId));
      const [product] = license
        ? await tx.select().from(products).where(eq(products.id, license.productId))
        : [];
      const durationValue = price?.durationValue ?? product?.durationValue ?? license?.durationValue;
      const durationUnit = price?.durationUnit ?? product?.durationUnit ?? license?.durationUnit;
      if (!durationValue || !durationUnit) throw new DomainError("internal", "Renewal without a duration.");
      const renewed = await renewLicense(tx, {
        licenseId: order.licenseId,
        durationValue,
        durationUnit,
        actor,
        now,
      });
      if (order.subscriptionId !== null) {
        await tx
          .update(subscriptions)
          .set({ status: "active", currentPeriodEnd: renewed.expiresAt, updatedAt: now })
          .where(eq(subscriptions.id, order.subscriptionId));
        await recordEvent(tx, {
          vendorId: order.vendorId,
          type: "subscription.renewed",
          subjectType: "subscription",
          subjectId: String(order.subscriptionId),
          licenseId: renewed.id,
          actor,
          data: {
            subscription_id: order.subscriptionId,
            license_key: renewed.key,
            current_period_end: renewed.expiresAt?.toISOString() ?? null,
          },
          now,
        });
      }
      return [renewed];
    }
    case "package": {
      if (!order.productId) throw new DomainError("internal", "Package order without its package.");
      const keys: { id: string; key: string }[] = [];
      for (let i = 0; i < order.quantity; i++) {
        const issued = await issueLicense(tx, {
          vendorId: order.vendorId,
          productId: order.productId,
          customerId: order.customerId,
          orderId: order.id,
          planId: order.planId,
          status: "active",
          startsAt: order.startsAt ?? now,
          expiresAt: order.endsAt,
          testMode: order.testMode,
          actor,
          now,
        });
        keys.push({ id: issued.id, key: issued.key });
      }
      return keys;
    }
  }
}

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
    amount_decimal: formatDecimalAmount(order.amount),
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

import { and, asc, type Database, eq, inArray, lte, orders } from "@keyway/db";
import { orderExpiredEvent } from "../commerce/order-expiry";
import { recordEvents } from "../events/record-event";
import type { SweepParams, SweepResult } from "./sweep";

/**
 * One batch of unpaid orders past their expiry (`orders_pending_expiry_idx`) becomes `expired`,
 * each announced once (`order.expired`). The rows are locked as `applyPaymentResult` locks them:
 * a payment callback holding an order is skipped here, and one that comes after finds the order
 * expired and refuses it (order-expiry.ts), so an order is never both paid and expired.
 */
export async function sweepOrders(db: Database, params: SweepParams): Promise<SweepResult> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({
        id: orders.id,
        vendorId: orders.vendorId,
        reference: orders.reference,
        kind: orders.kind,
        amount: orders.amount,
        currency: orders.currency,
        testMode: orders.testMode,
        licenseId: orders.licenseId,
        subscriptionId: orders.subscriptionId,
      })
      .from(orders)
      .where(and(eq(orders.status, "pending"), lte(orders.expiresAt, params.now)))
      .orderBy(asc(orders.expiresAt))
      .limit(params.batchSize)
      .for("update", { skipLocked: true });
    if (due.length === 0) return { claimed: 0, events: 0 };
    await tx
      .update(orders)
      .set({ status: "expired", updatedAt: params.now })
      .where(
        inArray(
          orders.id,
          due.map((o) => o.id),
        ),
      );
    await recordEvents(
      tx,
      due.map((order) => orderExpiredEvent(order, params.now)),
    );
    return { claimed: due.length, events: due.length };
  });
}

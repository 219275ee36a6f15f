import { and, type Database, eq, orders } from "@keyway/db";
import { AuditActor } from "@keyway/schema";
import { recordEvent } from "../events/record-event";
import { DomainError } from "../shared/errors";
import { orderLicenseKeys, queueOrderMessage } from "./order-messages";
import type { MessageLinks } from "./unsubscribe";

/**
 * Support sends a paid order's purchase message again (the customer lost it): a new audit event
 * `message.resent` on the order causes a fresh copy (every key of the order, in full, as they
 * are now), through the outbox like the first. Only a paid purchase (not a renewal) of the
 * vendor's own, with a customer to write to.
 */
export async function resendPurchaseMessage(
  db: Database,
  params: {
    vendorId: string;
    orderId: string;
    now: Date;
    actor?: string | undefined;
    links?: MessageLinks | null | undefined;
  },
): Promise<{ queued: number; eventId: string }> {
  return db.transaction(async (tx) => {
    const [order] = await tx
      .select()
      .from(orders)
      .where(and(eq(orders.id, params.orderId), eq(orders.vendorId, params.vendorId)));
    if (!order) throw new DomainError("not_found", "Order not found.");
    if (order.kind === "renewal" || !order.paidAt)
      throw new DomainError("invalid_input", "Only a paid purchase has a purchase message to resend.", {
        field: "orderId",
      });
    if (!order.customerId)
      throw new DomainError("invalid_input", "This order has no customer to send to.", { field: "orderId" });
    const licenseKeys = await orderLicenseKeys(tx, order);
    const { eventId } = await recordEvent(tx, {
      vendorId: order.vendorId,
      type: "message.resent",
      subjectType: "order",
      subjectId: order.id,
      licenseId: order.licenseId,
      actor: params.actor ?? AuditActor.system,
      data: { order_id: order.id, reference: order.reference, kind: "payment.succeeded" },
      now: params.now,
    });
    const { queued } = await queueOrderMessage(tx, {
      order,
      kind: "payment.succeeded",
      eventId,
      licenseKeys,
      links: params.links,
      now: params.now,
    });
    return { queued, eventId };
  });
}

import { and, disputes, type Executor, eq } from "@keyway/db";
import { recordEvent } from "../../events/record-event";
import type { ProviderEvent } from "../gateways/gateway";
import type { OrderRow } from "./apply-refund";
import { changeOrderLicenses } from "./order-licenses";

/** A dispute as the provider reports it (the adapters' `ProviderEvent`, without its kind). */
export type DisputeReport = Omit<Extract<ProviderEvent, { kind: "dispute" }>, "kind">;

/**
 * A dispute as the provider reports it, on a locked order. Opened: the order's licenses are
 * suspended (`dispute.opened`). Won: the licenses it suspended — only those — are reinstated;
 * lost: they are revoked (`dispute.closed` either way). A report that changes nothing (the same
 * event twice, an update while still open) changes nothing.
 */
export async function applyDispute(
  tx: Executor,
  params: { order: OrderRow; report: DisputeReport; actor: string; now: Date },
): Promise<{ applied: boolean }> {
  const { order, report, now, actor } = params;
  const [known] = await tx
    .select()
    .from(disputes)
    .where(and(eq(disputes.gateway, order.gateway), eq(disputes.gatewayDisputeId, report.gatewayDisputeId)))
    .for("update");
  if (known && known.status !== "open") return { applied: false };
  if (known && report.status === "open") return { applied: false };

  let dispute = known;
  if (!dispute) {
    const suspended = await changeOrderLicenses(tx, {
      order,
      change: "suspend",
      reason: `dispute ${report.gatewayDisputeId}`,
      actor,
      now,
    });
    [dispute] = await tx
      .insert(disputes)
      .values({
        vendorId: order.vendorId,
        orderId: order.id,
        gateway: order.gateway,
        gatewayDisputeId: report.gatewayDisputeId,
        status: "open",
        amount: report.amount,
        currency: report.currency.toUpperCase(),
        reason: report.reason,
        suspendedLicenseIds: suspended,
        raw: report.raw,
        openedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!dispute) return { applied: false };
    await recordEvent(tx, {
      vendorId: order.vendorId,
      type: "dispute.opened",
      subjectType: "order",
      subjectId: order.id,
      licenseId: order.licenseId ?? suspended[0] ?? null,
      actor,
      data: disputeData(order, dispute, { license_ids: suspended }),
      now,
    });
    if (report.status === "open") return { applied: true };
  }

  const changed =
    report.status === "won"
      ? await changeOrderLicenses(tx, {
          order,
          change: "reinstate",
          only: dispute.suspendedLicenseIds,
          reason: `dispute ${report.gatewayDisputeId} won`,
          actor,
          now,
        })
      : await changeOrderLicenses(tx, {
          order,
          change: "revoke",
          reason: `dispute ${report.gatewayDisputeId} lost`,
          actor,
          now,
        });
  const [closed] = await tx
    .update(disputes)
    .set({ status: report.status, closedAt: now, raw: report.raw, updatedAt: now })
    .where(eq(disputes.id, dispute.id))
    .returning();
  await recordEvent(tx, {
    vendorId: order.vendorId,
    type: "dispute.closed",
    subjectType: "order",
    subjectId: order.id,
    licenseId: order.licenseId ?? changed[0] ?? null,
    actor,
    data: disputeData(order, closed ?? dispute, { outcome: report.status, license_ids: changed }),
    now,
  });
  return { applied: true };
}

function disputeData(
  order: OrderRow,
  dispute: typeof disputes.$inferSelect,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  return {
    order_id: order.id,
    reference: order.reference,
    dispute_id: dispute.id,
    gateway: dispute.gateway,
    gateway_dispute_id: dispute.gatewayDisputeId,
    status: dispute.status,
    amount: dispute.amount,
    currency: dispute.currency,
    reason: dispute.reason,
    test_mode: order.testMode,
    ...extra,
  };
}

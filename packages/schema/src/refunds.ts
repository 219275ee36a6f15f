import { z } from "zod";
import { GatewayName } from "./gateways";
import { multiLine, RecordId } from "./primitives";

/** Contracts of refunds and disputes (REST `/api/v1/orders/{orderId}/refund`, the console, tRPC). */

/** What a refund does to the licenses an order sold. */
export const RefundLicenseAction = z.enum(["revoke", "suspend", "keep"]).meta({
  description:
    "`revoke`: the order's licenses end for good; `suspend`: they stop verifying until reinstated; `keep`: they stay as they are.",
});
export type RefundLicenseAction = z.infer<typeof RefundLicenseAction>;

/**
 * What a refund does to the order's licenses: what the refund asks, else the product's
 * `onRefund`, else revoke on a full refund and keep on a partial one (as Polar and Gumroad). The
 * one rule: core applies it, the console's refund form shows it before asking.
 */
export function refundLicenseAction(params: {
  requested?: RefundLicenseAction | null | undefined;
  productOnRefund: RefundLicenseAction | null | undefined;
  full: boolean;
}): RefundLicenseAction {
  return params.requested || params.productOnRefund || (params.full ? "revoke" : "keep");
}

export const RefundOrderInput = z.object({
  orderId: RecordId.meta({ example: "ord_4k2m9x7q1v8c3n6b5z0w" }),
  amount: z
    .number()
    .int({ error: "amount is in minor units (cents, paise): a whole number." })
    .positive({ error: "amount must be more than 0." })
    .max(1_000_000_000)
    .optional()
    .meta({ description: "Minor units; default: all that is left of the payment.", example: 100000 }),
  reason: multiLine(z.string().trim().max(500))
    .optional()
    .meta({ example: "Customer asked for a partial refund." }),
  licenseAction: RefundLicenseAction.optional().meta({
    description:
      "What happens to the order's licenses; default: the product's `onRefund`, or `revoke` on a full refund and `keep` on a partial one.",
  }),
});
export type RefundOrderInput = z.infer<typeof RefundOrderInput>;

export const RefundStatus = z.enum(["pending", "succeeded", "failed"]);
export const RefundSource = z.enum(["keyway", "provider", "outside"]).meta({
  description:
    "`keyway`: refunded through Keyway; `provider`: reported by the provider (its dashboard, a reversal); `outside`: a gateway with no refund API (UPI Gateway), paid back outside Keyway and recorded here.",
});

const iso = z.string().meta({ example: "2026-05-29T13:17:32.000Z" });

export const Refund = z
  .object({
    id: z.string().meta({ example: "rfd_2n7x4k9m1q8w3c6v5b0z" }),
    orderId: z.string().meta({ example: "ord_4k2m9x7q1v8c3n6b5z0w" }),
    gateway: GatewayName,
    gatewayRefundId: z.string().nullable().meta({ example: null }),
    status: RefundStatus.meta({ example: "succeeded" }),
    source: RefundSource,
    amount: z.number().int().meta({ example: 100000 }),
    currency: z.string().meta({ example: "INR" }),
    reason: z.string().nullable().meta({ example: "Customer asked for a partial refund." }),
    licenseAction: RefundLicenseAction.meta({ example: "keep" }),
    failureReason: z.string().nullable(),
    createdAt: iso,
  })
  .meta({ id: "Refund" });
export type Refund = z.infer<typeof Refund>;

export const DisputeStatus = z.enum(["open", "won", "lost"]);

export const Dispute = z
  .object({
    id: z.string().meta({ example: "dsp_6c1v8b3n5m2x9k4q7w0z" }),
    orderId: z.string().meta({ example: "ord_4k2m9x7q1v8c3n6b5z0w" }),
    gateway: GatewayName.meta({ example: "paypal" }),
    gatewayDisputeId: z.string().meta({ example: "PP-D-27803" }),
    status: DisputeStatus,
    amount: z.number().int().meta({ example: 299900 }),
    currency: z.string().meta({ example: "INR" }),
    reason: z.string().nullable().meta({ example: "MERCHANDISE_OR_SERVICE_NOT_RECEIVED" }),
    openedAt: iso,
    closedAt: iso.nullable().meta({ example: null }),
  })
  .meta({ id: "Dispute" });
export type Dispute = z.infer<typeof Dispute>;

/** The answer of a refund: the refund and the order as it now stands. */
export const RefundResult = z
  .object({
    refund: Refund,
    order: z.object({
      id: z.string().meta({ example: "ord_4k2m9x7q1v8c3n6b5z0w" }),
      status: z.string().meta({ example: "partially_refunded" }),
      amount: z.number().int().meta({ example: 299900 }),
      refundedAmount: z.number().int().meta({ example: 100000 }),
      currency: z.string().meta({ example: "INR" }),
    }),
  })
  .meta({ id: "RefundResult" });
export type RefundResult = z.infer<typeof RefundResult>;

/** An order's money back: its refunds and disputes, oldest first (REST `/api/v1/orders/{orderId}/refunds`). */
export const OrderMoneyBack = z
  .object({ refunds: z.array(Refund), disputes: z.array(Dispute) })
  .meta({ id: "OrderMoneyBack" });
export type OrderMoneyBack = z.infer<typeof OrderMoneyBack>;

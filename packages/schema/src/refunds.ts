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

export const RefundOrderInput = z.object({
  orderId: RecordId,
  amount: z
    .number()
    .int({ error: "amount is in minor units (cents, paise): a whole number." })
    .positive({ error: "amount must be more than 0." })
    .max(1_000_000_000)
    .optional()
    .meta({ description: "Minor units; default: all that is left of the payment." }),
  reason: multiLine(z.string().trim().max(500)).optional(),
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
    id: z.string(),
    orderId: z.string(),
    gateway: GatewayName,
    gatewayRefundId: z.string().nullable(),
    status: RefundStatus,
    source: RefundSource,
    amount: z.number().int(),
    currency: z.string(),
    reason: z.string().nullable(),
    licenseAction: RefundLicenseAction,
    failureReason: z.string().nullable(),
    createdAt: iso,
  })
  .meta({ id: "Refund" });
export type Refund = z.infer<typeof Refund>;

export const DisputeStatus = z.enum(["open", "won", "lost"]);

export const Dispute = z
  .object({
    id: z.string(),
    orderId: z.string(),
    gateway: GatewayName,
    gatewayDisputeId: z.string(),
    status: DisputeStatus,
    amount: z.number().int(),
    currency: z.string(),
    reason: z.string().nullable(),
    openedAt: iso,
    closedAt: iso.nullable(),
  })
  .meta({ id: "Dispute" });
export type Dispute = z.infer<typeof Dispute>;

/** The answer of a refund: the refund and the order as it now stands. */
export const RefundResult = z
  .object({
    refund: Refund,
    order: z.object({
      id: z.string(),
      status: z.string(),
      amount: z.number().int(),
      refundedAmount: z.number().int(),
      currency: z.string(),
    }),
  })
  .meta({ id: "RefundResult" });
export type RefundResult = z.infer<typeof RefundResult>;

/** An order's money back: its refunds and disputes, oldest first (REST `/api/v1/orders/{orderId}/refunds`). */
export const OrderMoneyBack = z
  .object({ refunds: z.array(Refund), disputes: z.array(Dispute) })
  .meta({ id: "OrderMoneyBack" });
export type OrderMoneyBack = z.infer<typeof OrderMoneyBack>;

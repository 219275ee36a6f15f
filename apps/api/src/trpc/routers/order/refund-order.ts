import { refundOrder, withIdempotency } from "@keyway/core";
import { RefundOrderInput, RefundResult } from "@keyway/schema";
import { idempotencyKeyOf } from "../../../http/headers";
import { vendorProcedure } from "../../procedures";

/**
 * The vendor gives money back on an order, in full or in part, through the gateway it was paid
 * on. Any of the vendor's API credentials or console users may, as for `license.revoke` (whose
 * effect a refund may have). Honours `Idempotency-Key`.
 */
export const refundOrderProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/orders/{orderId}/refund",
      tags: ["orders"],
      summary: "Refund an order, in full or in part",
      description:
        "Gives money back through the gateway the order was paid on (the sandbox at once; a gateway with no refund API, UPI Gateway, is recorded as refunded outside Keyway). `amount` defaults to all that is left; partial refunds add up, never beyond what was paid. `licenseAction` (default: the product's `onRefund`, else `revoke` on a full refund and `keep` on a partial one) decides what happens to the order's licenses. Emits `payment.refunded`. Send an `Idempotency-Key` header to make retries safe: the same key and body replay the first answer for 24 h.",
      errorResponses: {
        400: "Invalid input, or `amount` is more than what is left to refund",
        401: "Missing or invalid API credentials",
        404: "No such order for this vendor",
        409: "The order is not paid (or nothing is left to refund), or the Idempotency-Key was reused with another body (`idempotency_conflict`)",
        502: "The payment gateway refused or could not make the refund (`gateway_error`; the failed refund is recorded)",
      },
    },
  })
  .input(RefundOrderInput)
  .output(RefundResult)
  .mutation(async ({ ctx, input }) => {
    const answer = await withIdempotency(
      ctx.db,
      {
        vendorId: ctx.vendor.vendorId,
        scope: "order.refund",
        key: idempotencyKeyOf(ctx.headers),
        body: input,
      },
      async () => ({
        statusCode: 200,
        body: await refundOrder(ctx.db, {
          ...input,
          vendorId: ctx.vendor.vendorId,
          accounts: ctx.accounts,
          actor: ctx.vendor.actor,
          messages: ctx.messages,
        }),
      }),
    );
    // Parsed from the stored text, first time and replay alike, so a replay sends the same bytes.
    return JSON.parse(answer.body) as RefundResult;
  });

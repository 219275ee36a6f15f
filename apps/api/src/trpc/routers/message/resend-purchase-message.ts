import { resendPurchaseMessage } from "@keyway/core";
import { PurchaseMessageResent, ResendPurchaseMessageInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

/** Support's button: any of the vendor's console users or API credentials, as for a refund. */
export const resendPurchaseMessageProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/orders/{orderId}/resend-purchase-message",
      tags: ["messages"],
      summary: "Send the purchase message again",
      description:
        "Queues a fresh copy of a paid purchase's message (every license key of the order in full, the receipt and portal links) to the customer, under a new `message.resent` event. For a customer who lost the first one.",
      errorResponses: {
        400: "The order is not a paid purchase, or has no customer",
        401: "Missing or invalid API credentials",
        404: "No such order for this vendor",
      },
    },
  })
  .input(ResendPurchaseMessageInput)
  .output(PurchaseMessageResent)
  .mutation(({ ctx, input }) =>
    resendPurchaseMessage(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      orderId: input.orderId,
      actor: ctx.vendor.actor,
      links: ctx.messages,
      now: new Date(),
    }),
  );

import { listOrderMoneyBack } from "@keyway/core";
import { OrderIdInput, OrderMoneyBack } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const listOrderRefundsProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/orders/{orderId}/refunds",
      tags: ["orders"],
      summary: "List an order's refunds and disputes",
      description:
        "Every refund (through Keyway, reported by the provider, or recorded as made outside Keyway; failed ones too) and every dispute of the order, oldest first.",
      errorResponses: { 401: "Missing or invalid API credentials", 404: "No such order for this vendor" },
    },
  })
  .input(OrderIdInput)
  .output(OrderMoneyBack)
  .query(({ ctx, input }) =>
    listOrderMoneyBack(ctx.db, { vendorId: ctx.vendor.vendorId, orderId: input.orderId }),
  );

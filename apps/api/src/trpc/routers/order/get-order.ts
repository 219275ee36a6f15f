import { getOrder } from "@keyway/core";
import { Order, OrderIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const getOrderProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/orders/{orderId}",
      tags: ["orders"],
      summary: "Get an order",
      errorResponses: { 401: "Missing or invalid API credentials", 404: "No such order for this vendor" },
    },
  })
  .input(OrderIdInput)
  .output(Order)
  .query(({ ctx, input }) => getOrder(ctx.db, { vendorId: ctx.vendor.vendorId, orderId: input.orderId }));

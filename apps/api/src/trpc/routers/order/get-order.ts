import { getOrder } from "@keyway/core";
import { Order } from "@keyway/schema";
import { z } from "zod";
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
  .input(z.object({ orderId: z.string().min(1).max(64) }))
  .output(Order)
  .query(({ ctx, input }) => getOrder(ctx.db, { vendorId: ctx.vendor.vendorId, orderId: input.orderId }));

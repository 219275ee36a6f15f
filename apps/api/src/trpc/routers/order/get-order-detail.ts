import { getVendorOrder } from "@keyway/core";
import { OrderDetail, OrderIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

/** The console's order page: the order with its item, customer, payments and licenses. */
export const getOrderDetailProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/orders/{orderId}/detail",
      tags: ["orders"],
      summary: "Get an order with its customer, payments and licenses",
      description:
        "What the order sells (product, plan, cycle, quantity), its customer, every payment outcome the gateway reported (oldest first), and the licenses it issued, reserved or renewed as they stand now. Refunds and disputes: `GET /orders/{orderId}/refunds`.",
      errorResponses: { 401: "Missing or invalid API credentials", 404: "No such order for this vendor" },
    },
  })
  .input(OrderIdInput)
  .output(OrderDetail)
  .query(({ ctx, input }) =>
    getVendorOrder(ctx.db, { vendorId: ctx.vendor.vendorId, orderId: input.orderId }),
  );

import { listOrders } from "@keyway/core";
import { ListOrdersInput, OrderPage } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const listOrdersProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/orders",
      tags: ["orders"],
      summary: "List orders, newest first",
      errorResponses: { 401: "Missing or invalid API credentials" },
    },
  })
  .input(ListOrdersInput)
  .output(OrderPage)
  .query(({ ctx, input }) =>
    listOrders(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      limit: input.limit,
      before: input.before,
      status: input.status ? [input.status] : undefined,
    }),
  );

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
      description:
        "Filter by `status` or `customerId`; pass `nextCursor` as `cursor` for the next page (null on the last).",
      errorResponses: { 400: "Invalid filter, limit or cursor", 401: "Missing or invalid API credentials" },
    },
  })
  .input(ListOrdersInput)
  .output(OrderPage)
  .query(({ ctx, input }) =>
    listOrders(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      limit: input.limit,
      cursor: input.cursor,
      status: input.status ? [input.status] : undefined,
      customerId: input.customerId,
    }),
  );

import { listOrders } from "@keyway/core";
import { Order, OrderStatus } from "@keyway/schema";
import { z } from "zod";
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
  .input(
    z.object({
      limit: z.coerce.number().int().min(1).max(200).optional(),
      before: z.iso.datetime({ offset: true }).optional(),
      status: OrderStatus.optional(),
    }),
  )
  .output(z.object({ items: z.array(Order) }))
  .query(({ ctx, input }) =>
    listOrders(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      limit: input.limit,
      before: input.before,
      status: input.status ? [input.status] : undefined,
    }),
  );

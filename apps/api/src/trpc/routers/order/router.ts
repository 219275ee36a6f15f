import type { TRPCRouterRecord } from "@trpc/server";
import { createOrderProcedure } from "./create-order";
import { getOrderProcedure } from "./get-order";
import { listOrdersProcedure } from "./list-orders";

export const orderRouter = {
  create: createOrderProcedure,
  get: getOrderProcedure,
  list: listOrdersProcedure,
} satisfies TRPCRouterRecord;

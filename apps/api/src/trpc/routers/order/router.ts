import type { TRPCRouterRecord } from "@trpc/server";
import { createOrderProcedure } from "./create-order";
import { getOrderProcedure } from "./get-order";
import { getOrderDetailProcedure } from "./get-order-detail";
import { listOrderRefundsProcedure } from "./list-order-refunds";
import { listOrdersProcedure } from "./list-orders";
import { refundOrderProcedure } from "./refund-order";

export const orderRouter = {
  create: createOrderProcedure,
  get: getOrderProcedure,
  detail: getOrderDetailProcedure,
  list: listOrdersProcedure,
  refund: refundOrderProcedure,
  refunds: listOrderRefundsProcedure,
} satisfies TRPCRouterRecord;

import { listMyOrders } from "@keyway/core";
import { CustomerOrderList } from "@keyway/schema";
import { customerProcedure } from "../../procedures";

export const listOrdersProcedure = customerProcedure
  .output(CustomerOrderList)
  .query(({ ctx }) => listMyOrders(ctx.db, ctx.customer));

import { listMyOrders } from "@keyway/core";
import { customerProcedure } from "../../procedures";

export const listOrdersProcedure = customerProcedure.query(({ ctx }) => listMyOrders(ctx.db, ctx.customer));

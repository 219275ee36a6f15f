import { listMySubscriptions } from "@keyway/core";
import { customerProcedure } from "../../procedures";

export const listSubscriptions = customerProcedure.query(({ ctx }) =>
  listMySubscriptions(ctx.db, ctx.customer),
);

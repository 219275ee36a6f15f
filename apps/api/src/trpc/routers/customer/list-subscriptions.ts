import { listMySubscriptions } from "@keyway/core";
import { SubscriptionList } from "@keyway/schema";
import { customerProcedure } from "../../procedures";

export const listSubscriptions = customerProcedure
  .output(SubscriptionList)
  .query(({ ctx }) => listMySubscriptions(ctx.db, ctx.customer));

import { cancelSubscription } from "@keyway/core";
import { SubscriptionIdInput } from "@keyway/schema";
import { customerProcedure } from "../../procedures";

export const cancelSubscriptionProcedure = customerProcedure
  .input(SubscriptionIdInput)
  .mutation(({ ctx, input }) =>
    cancelSubscription(ctx.db, {
      vendorId: ctx.customer.vendorId,
      customerId: ctx.customer.customerId,
      subscriptionId: input.subscriptionId,
      actor: `customer:${ctx.customer.customerId}`,
    }),
  );

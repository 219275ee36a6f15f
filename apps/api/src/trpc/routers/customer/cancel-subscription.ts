import { cancelSubscription } from "@keyway/core";
import { Subscription, SubscriptionIdInput } from "@keyway/schema";
import { customerProcedure } from "../../procedures";

export const cancelSubscriptionProcedure = customerProcedure
  .input(SubscriptionIdInput)
  .output(Subscription)
  .mutation(({ ctx, input }) =>
    cancelSubscription(ctx.db, {
      vendorId: ctx.customer.vendorId,
      customerId: ctx.customer.customerId,
      subscriptionId: input.subscriptionId,
      actor: ctx.customer.actor,
    }),
  );

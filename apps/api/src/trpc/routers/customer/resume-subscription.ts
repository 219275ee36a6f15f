import { resumeSubscription } from "@keyway/core";
import { Subscription, SubscriptionIdInput } from "@keyway/schema";
import { customerProcedure } from "../../procedures";

export const resumeSubscriptionProcedure = customerProcedure
  .input(SubscriptionIdInput)
  .output(Subscription)
  .mutation(({ ctx, input }) =>
    resumeSubscription(ctx.db, {
      vendorId: ctx.customer.vendorId,
      customerId: ctx.customer.customerId,
      subscriptionId: input.subscriptionId,
      actor: ctx.customer.actor,
    }),
  );

import { resumeSubscription } from "@keyway/core";
import { SubscriptionIdInput } from "@keyway/schema";
import { customerProcedure } from "../../procedures";

export const resumeSubscriptionProcedure = customerProcedure
  .input(SubscriptionIdInput)
  .mutation(({ ctx, input }) =>
    resumeSubscription(ctx.db, {
      vendorId: ctx.customer.vendorId,
      customerId: ctx.customer.customerId,
      subscriptionId: input.subscriptionId,
      actor: `customer:${ctx.customer.customerId}`,
    }),
  );

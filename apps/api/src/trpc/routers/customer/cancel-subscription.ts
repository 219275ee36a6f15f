import { cancelSubscription } from "@keyway/core";
import { z } from "zod";
import { customerProcedure } from "../../procedures";

export const cancelSubscriptionProcedure = customerProcedure
  .input(z.object({ subscriptionId: z.number().int().positive() }))
  .mutation(({ ctx, input }) =>
    cancelSubscription(ctx.db, {
      vendorId: ctx.customer.vendorId,
      customerId: ctx.customer.customerId,
      subscriptionId: input.subscriptionId,
      actor: `customer:${ctx.customer.customerId}`,
    }),
  );

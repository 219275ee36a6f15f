import { cancelSubscription } from "@keyway/core";
import { Subscription, SubscriptionIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const cancelSubscriptionProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/subscriptions/{subscriptionId}/cancel",
      tags: ["subscriptions"],
      summary: "Cancel at period end",
      errorResponses: {
        401: "Missing or invalid API credentials",
        404: "No such subscription",
        409: "Not active",
      },
    },
  })
  .input(SubscriptionIdInput)
  .output(Subscription)
  .mutation(({ ctx, input }) =>
    cancelSubscription(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      subscriptionId: input.subscriptionId,
      actor: ctx.vendor.actor,
    }),
  );

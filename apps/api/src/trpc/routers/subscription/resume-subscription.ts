import { resumeSubscription } from "@keyway/core";
import { Subscription, SubscriptionIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const resumeSubscriptionProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/subscriptions/{subscriptionId}/resume",
      tags: ["subscriptions"],
      summary: "Undo a cancellation before the period ends",
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
    resumeSubscription(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      subscriptionId: input.subscriptionId,
      actor: ctx.vendor.actor,
    }),
  );

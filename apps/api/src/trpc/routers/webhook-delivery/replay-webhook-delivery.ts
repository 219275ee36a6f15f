import { replayWebhookDelivery as replay } from "@keyway/core";
import { WebhookDelivery, WebhookDeliveryIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const replayWebhookDelivery = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/webhook-deliveries/{id}/replay",
      tags: ["webhooks"],
      summary: "Send a delivery again",
      description:
        "Queues it now with a fresh retry schedule and the same `webhook-id`. 409 while an attempt is in flight or the endpoint is disabled.",
    },
  })
  .input(WebhookDeliveryIdInput)
  .output(WebhookDelivery)
  .mutation(({ ctx, input }) => replay(ctx.db, { vendorId: ctx.vendor.vendorId, id: input.id }));

import { getWebhookDelivery as get } from "@keyway/core";
import { WebhookDelivery, WebhookDeliveryIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const getWebhookDelivery = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/webhook-deliveries/{id}",
      tags: ["webhooks"],
      summary: "Get a webhook delivery with its attempts",
    },
  })
  .input(WebhookDeliveryIdInput)
  .output(WebhookDelivery)
  .query(({ ctx, input }) => get(ctx.db, { vendorId: ctx.vendor.vendorId, id: input.id }));

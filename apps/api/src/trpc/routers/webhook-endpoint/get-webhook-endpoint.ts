import { getWebhookEndpoint as get } from "@keyway/core";
import { WebhookEndpoint, WebhookEndpointIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const getWebhookEndpoint = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/webhook-endpoints/{id}",
      tags: ["webhooks"],
      summary: "Get a webhook endpoint",
    },
  })
  .input(WebhookEndpointIdInput)
  .output(WebhookEndpoint)
  .query(({ ctx, input }) => get(ctx.db, { vendorId: ctx.vendor.vendorId, id: input.id }));

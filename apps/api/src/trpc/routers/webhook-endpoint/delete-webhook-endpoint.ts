import { deleteWebhookEndpoint as remove } from "@keyway/core";
import { WebhookEndpointDeleted, WebhookEndpointIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const deleteWebhookEndpoint = vendorProcedure
  .meta({
    openapi: {
      method: "DELETE",
      path: "/webhook-endpoints/{id}",
      tags: ["webhooks"],
      summary: "Delete a webhook endpoint",
      description: "It stops receiving at once; its delivery log stays readable.",
    },
  })
  .input(WebhookEndpointIdInput)
  .output(WebhookEndpointDeleted)
  .mutation(({ ctx, input }) => remove(ctx.db, { vendorId: ctx.vendor.vendorId, id: input.id }));

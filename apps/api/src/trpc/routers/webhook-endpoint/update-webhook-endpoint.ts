import { updateWebhookEndpoint as update } from "@keyway/core";
import { UpdateWebhookEndpointInput, WebhookEndpoint } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";
import { webhookEndpointDeps } from "./deps";

export const updateWebhookEndpoint = vendorProcedure
  .meta({
    openapi: {
      method: "PATCH",
      path: "/webhook-endpoints/{id}",
      tags: ["webhooks"],
      summary: "Change a webhook endpoint, or disable / re-enable it",
      description: "Disabling ends its pending deliveries as failed (they can be replayed).",
    },
  })
  .input(UpdateWebhookEndpointInput)
  .output(WebhookEndpoint)
  .mutation(({ ctx, input }) =>
    update(ctx.db, { vendorId: ctx.vendor.vendorId, ...input, ...webhookEndpointDeps(ctx) }),
  );

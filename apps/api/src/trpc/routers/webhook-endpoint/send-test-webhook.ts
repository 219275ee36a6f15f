import { sendTestWebhook as sendTest } from "@keyway/core";
import { SentTestWebhook, WebhookEndpointIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const sendTestWebhook = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/webhook-endpoints/{id}/test",
      tags: ["webhooks"],
      summary: "Send a test event",
      description:
        "Queues a `webhook.test` event (payment-shaped sample data, `test_mode: true`) for this endpoint only.",
    },
  })
  .input(WebhookEndpointIdInput)
  .output(SentTestWebhook)
  .mutation(({ ctx, input }) =>
    sendTest(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      endpointId: input.id,
      actor: ctx.vendor.actor,
    }),
  );

import { rotateWebhookSecret } from "@keyway/core";
import { RotateWebhookSecretInput, WebhookEndpointWithSecret } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const rotateWebhookEndpointSecret = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/webhook-endpoints/{id}/rotate-secret",
      tags: ["webhooks"],
      summary: "Rotate the signing secret",
      description:
        "Answers with the new secret once. During `overlapHours` deliveries carry signatures by both the new and the previous secret.",
    },
  })
  .input(RotateWebhookSecretInput)
  .output(WebhookEndpointWithSecret)
  .mutation(({ ctx, input }) =>
    rotateWebhookSecret(ctx.db, { vendorId: ctx.vendor.vendorId, ...input, secrets: ctx.secrets }),
  );

import { createWebhookEndpoint as create } from "@keyway/core";
import { CreateWebhookEndpointInput, WebhookEndpointWithSecret } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";
import { webhookEndpointDeps } from "./deps";

export const createWebhookEndpoint = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/webhook-endpoints",
      tags: ["webhooks"],
      summary: "Register a webhook endpoint",
      description:
        "Answers with the signing secret (`whsec_…`, Standard Webhooks) once. A `biznoq`-format endpoint receives payment events only. In production, URLs that resolve to private, loopback, link-local or metadata addresses are refused.",
    },
  })
  .input(CreateWebhookEndpointInput)
  .output(WebhookEndpointWithSecret)
  .mutation(({ ctx, input }) =>
    create(ctx.db, { vendorId: ctx.vendor.vendorId, ...input, ...webhookEndpointDeps(ctx) }),
  );

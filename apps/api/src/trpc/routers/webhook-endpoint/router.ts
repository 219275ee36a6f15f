import type { TRPCRouterRecord } from "@trpc/server";
import { createWebhookEndpoint } from "./create-webhook-endpoint";
import { deleteWebhookEndpoint } from "./delete-webhook-endpoint";
import { getWebhookEndpoint } from "./get-webhook-endpoint";
import { listWebhookEndpoints } from "./list-webhook-endpoints";
import { rotateWebhookEndpointSecret } from "./rotate-webhook-endpoint-secret";
import { sendTestWebhook } from "./send-test-webhook";
import { updateWebhookEndpoint } from "./update-webhook-endpoint";

export const webhookEndpointRouter = {
  create: createWebhookEndpoint,
  list: listWebhookEndpoints,
  get: getWebhookEndpoint,
  update: updateWebhookEndpoint,
  rotateSecret: rotateWebhookEndpointSecret,
  delete: deleteWebhookEndpoint,
  sendTest: sendTestWebhook,
} satisfies TRPCRouterRecord;

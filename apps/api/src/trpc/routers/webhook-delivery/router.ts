import type { TRPCRouterRecord } from "@trpc/server";
import { getWebhookDelivery } from "./get-webhook-delivery";
import { listWebhookDeliveries } from "./list-webhook-deliveries";
import { replayWebhookDelivery } from "./replay-webhook-delivery";

export const webhookDeliveryRouter = {
  list: listWebhookDeliveries,
  get: getWebhookDelivery,
  replay: replayWebhookDelivery,
} satisfies TRPCRouterRecord;

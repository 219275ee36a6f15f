import { listWebhookDeliveries as list } from "@keyway/core";
import { ListWebhookDeliveriesInput, WebhookDeliveryPage } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const listWebhookDeliveries = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/webhook-deliveries",
      tags: ["webhooks"],
      summary: "List webhook deliveries with their attempts",
      description: "Newest first; pass `nextCursor` as `cursor` for the next page.",
    },
  })
  .input(ListWebhookDeliveriesInput)
  .output(WebhookDeliveryPage)
  .query(({ ctx, input }) => list(ctx.db, { vendorId: ctx.vendor.vendorId, ...input }));

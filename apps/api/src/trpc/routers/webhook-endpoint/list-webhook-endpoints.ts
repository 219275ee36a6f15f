import { listWebhookEndpoints as list } from "@keyway/core";
import { EmptyInput, WebhookEndpointList } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const listWebhookEndpoints = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/webhook-endpoints",
      tags: ["webhooks"],
      summary: "List webhook endpoints",
    },
  })
  .input(EmptyInput)
  .output(WebhookEndpointList)
  .query(({ ctx }) => list(ctx.db, { vendorId: ctx.vendor.vendorId }));

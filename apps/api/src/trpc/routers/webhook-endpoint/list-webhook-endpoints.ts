import { listWebhookEndpoints as list } from "@keyway/core";
import { WebhookEndpointList } from "@keyway/schema";
import { z } from "zod";
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
  .input(z.object({}).optional())
  .output(WebhookEndpointList)
  .query(({ ctx }) => list(ctx.db, { vendorId: ctx.vendor.vendorId }));

import type { WebhookEndpointDeps } from "@keyway/core";
import type { Context } from "../../context";

/** What the endpoint use cases take from the host: the at-rest key and the URL policy. */
export function webhookEndpointDeps(ctx: Context): WebhookEndpointDeps {
  return { secrets: ctx.secrets, urlPolicy: { allowPrivate: ctx.config.allowPrivateWebhookUrls } };
}

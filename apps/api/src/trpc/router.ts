import { router } from "./init";
import { healthRouter } from "./routers/health/router";
import { licenseRouter } from "./routers/license/router";
import { webhookDeliveryRouter } from "./routers/webhook-delivery/router";
import { webhookEndpointRouter } from "./routers/webhook-endpoint/router";

/** One small router per domain; this file only composes them. */
export const appRouter = router({
  health: healthRouter,
  license: licenseRouter,
  webhookEndpoint: webhookEndpointRouter,
  webhookDelivery: webhookDeliveryRouter,
});

export type AppRouter = typeof appRouter;

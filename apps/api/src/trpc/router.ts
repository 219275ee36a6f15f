import { router } from "./init";
import { accountRouter } from "./routers/account/router";
import { catalogRouter } from "./routers/catalog/router";
import { checkoutRouter } from "./routers/checkout/router";
import { credentialRouter } from "./routers/credential/router";
import { customerRouter } from "./routers/customer/router";
import { dashboardRouter } from "./routers/dashboard/router";
import { entitlementRouter } from "./routers/entitlement/router";
import { healthRouter } from "./routers/health/router";
import { licenseRouter } from "./routers/license/router";
import { messageRouter } from "./routers/message/router";
import { orderRouter } from "./routers/order/router";
import { signingKeyRouter } from "./routers/signing-key/router";
import { storefrontRouter } from "./routers/storefront/router";
import { subscriptionRouter } from "./routers/subscription/router";
import { vendorSettingsRouter } from "./routers/vendor-settings/router";
import { webhookDeliveryRouter } from "./routers/webhook-delivery/router";
import { webhookEndpointRouter } from "./routers/webhook-endpoint/router";

/** One small router per domain; this file only composes them. */
export const appRouter = router({
  health: healthRouter,
  account: accountRouter,
  credential: credentialRouter,
  catalog: catalogRouter,
  vendorSettings: vendorSettingsRouter,
  dashboard: dashboardRouter,
  license: licenseRouter,
  signingKey: signingKeyRouter,
  entitlement: entitlementRouter,
  order: orderRouter,
  subscription: subscriptionRouter,
  checkout: checkoutRouter,
  storefront: storefrontRouter,
  customer: customerRouter,
  webhookEndpoint: webhookEndpointRouter,
  webhookDelivery: webhookDeliveryRouter,
  message: messageRouter,
});

export type AppRouter = typeof appRouter;

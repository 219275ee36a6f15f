import {
  createPayPalGateway,
  createSandboxGateway,
  createStripeGateway,
  createUpiGateway,
  type GatewayAccounts,
  type GatewayCredentials,
  type GatewayRegistry,
  type SandboxPolicy,
  type SecretBox,
} from "@keyway/core";
import type { AppConfig } from "./env";

/**
 * Where the sandbox may take orders: in production only orders created in test mode; elsewhere
 * it stands in for every gateway this process has not configured. Either way what it settles
 * is test mode (the rule itself lives in core: `chooseGateway`, `sandboxMaySettle`).
 */
export function sandboxPolicy(config: Pick<AppConfig, "production">): SandboxPolicy {
  return config.production ? "test-mode-only" : "stand-in";
}

/** The server-wide accounts from the environment: the single-vendor default. */
function serverCredentials(config: AppConfig): GatewayCredentials {
  const credentials: GatewayCredentials = {};
  if (config.UPI_GATEWAY_KEY) credentials.upigateway = { key: config.UPI_GATEWAY_KEY };
  if (config.PAYPAL_CLIENT_ID && config.PAYPAL_CLIENT_SECRET)
    credentials.paypal = {
      clientId: config.PAYPAL_CLIENT_ID,
      clientSecret: config.PAYPAL_CLIENT_SECRET,
      webhookId: config.PAYPAL_WEBHOOK_ID,
    };
  if (config.STRIPE_SECRET_KEY)
    credentials.stripe = { secretKey: config.STRIPE_SECRET_KEY, webhookSecret: config.STRIPE_WEBHOOK_SECRET };
  return credentials;
}

/**
 * The provider accounts this process takes payments on: each vendor's own (stored, sealed, in
 * its settings), built at this process's provider URLs; the environment's credentials serve
 * only the vendor `GATEWAY_ACCOUNT_VENDOR` names (or the first one). The sandbox is always there.
 */
export function createGatewayAccounts(config: AppConfig, secrets: SecretBox): GatewayAccounts {
  return {
    sandbox: createSandboxGateway(config.publicUrl),
    server: serverCredentials(config),
    serverVendorSlug: config.GATEWAY_ACCOUNT_VENDOR,
    secrets,
    build(credentials) {
      const registry: GatewayRegistry = {};
      if (credentials.upigateway)
        registry.upigateway = createUpiGateway({
          baseUrl: config.UPI_GATEWAY_URL,
          key: credentials.upigateway.key,
        });
      if (credentials.paypal)
        registry.paypal = createPayPalGateway({
          baseUrl: config.PAYPAL_URL,
          clientId: credentials.paypal.clientId,
          clientSecret: credentials.paypal.clientSecret,
          ...(credentials.paypal.webhookId ? { webhookId: credentials.paypal.webhookId } : {}),
        });
      if (credentials.stripe)
        registry.stripe = createStripeGateway({
          secretKey: credentials.stripe.secretKey,
          ...(credentials.stripe.webhookSecret ? { webhookSecret: credentials.stripe.webhookSecret } : {}),
          apiUrl: config.STRIPE_API_URL,
        });
      return registry;
    },
  };
}

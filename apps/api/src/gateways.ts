import {
  createPayPalGateway,
  createSandboxGateway,
  createUpiGateway,
  type GatewayRegistry,
  type SandboxPolicy,
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

/**
 * The payment gateways this process can use. The sandbox is always there (for test mode);
 * real providers are added when their credentials are configured.
 */
export function createGateways(config: AppConfig): GatewayRegistry {
  const registry: GatewayRegistry = { sandbox: createSandboxGateway(config.publicUrl) };
  if (config.UPI_GATEWAY_KEY)
    registry.upigateway = createUpiGateway({ baseUrl: config.UPI_GATEWAY_URL, key: config.UPI_GATEWAY_KEY });
  if (config.PAYPAL_CLIENT_ID && config.PAYPAL_CLIENT_SECRET)
    registry.paypal = createPayPalGateway({
      baseUrl: config.PAYPAL_URL,
      clientId: config.PAYPAL_CLIENT_ID,
      clientSecret: config.PAYPAL_CLIENT_SECRET,
      ...(config.PAYPAL_WEBHOOK_ID ? { webhookId: config.PAYPAL_WEBHOOK_ID } : {}),
    });
  return registry;
}

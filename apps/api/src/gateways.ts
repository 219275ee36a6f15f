import {
  createPayPalGateway,
  createSandboxGateway,
  createUpiGateway,
  type GatewayRegistry,
} from "@keyway/core";
import type { AppConfig } from "./env";

/**
 * The payment gateways this process can use. The sandbox is always there; real providers are
 * added when their credentials are configured.
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

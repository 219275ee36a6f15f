import { createSandboxGateway, type GatewayRegistry } from "@keyway/core";
import type { AppConfig } from "./env";

/**
 * The payment gateways this process can use. The sandbox is always there; real providers are
 * added when their credentials are configured.
 */
export function createGateways(config: AppConfig): GatewayRegistry {
  const registry: GatewayRegistry = { sandbox: createSandboxGateway(config.publicUrl) };
  return registry;
}

import type { GatewayAccounts, GatewayCredentials, GatewayRegistry, PaymentGateway } from "../../src";
import { createSecretBox } from "../../src";

/**
 * Order settings' accounts for tests that hand in ready gateways: they are the server-wide
 * accounts, which serve the first vendor created (the demo vendor the tests seed).
 */
export function accountsOf(registry: GatewayRegistry & { sandbox: PaymentGateway }): GatewayAccounts {
  const { sandbox, ...real } = registry;
  const server: GatewayCredentials = Object.keys(real).length ? { upigateway: { key: "stand-in" } } : {};
  return {
    sandbox,
    server,
    build: (credentials) => (credentials === server ? real : {}),
    secrets: createSecretBox("core-tests"),
  };
}

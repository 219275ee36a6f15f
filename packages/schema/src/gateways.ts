import { z } from "zod";

/** The payment gateways Keyway takes money through; `sandbox` is built in (test mode only). */
export const GATEWAYS = ["sandbox", "upigateway", "paypal", "stripe"] as const;
export const GatewayName = z.enum(GATEWAYS);
export type GatewayName = z.infer<typeof GatewayName>;

/** The real gateways: a vendor stores their credentials in settings. */
export const CONFIGURABLE_GATEWAYS = ["upigateway", "paypal", "stripe"] as const;
export const ConfigurableGateway = z.enum(CONFIGURABLE_GATEWAYS);
export type ConfigurableGateway = z.infer<typeof ConfigurableGateway>;

/** How people see each gateway's name (console settings, order lists). */
export const GATEWAY_LABELS: Record<GatewayName, string> = {
  sandbox: "Sandbox (built in)",
  upigateway: "UPI Gateway",
  paypal: "PayPal",
  stripe: "Stripe",
};

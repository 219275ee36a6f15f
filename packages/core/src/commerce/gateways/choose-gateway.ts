import type { GatewayName } from "@keyway/db";
import { DomainError } from "../../shared/errors";
import type { GatewayRegistry, PaymentGateway } from "./gateway";

/**
 * How this process may use the sandbox, decided once by the host (core never reads the
 * environment):
 * - `stand-in` (development): the sandbox stands in for every gateway this process has not
 *   configured, so the seeds' examples run end to end;
 * - `test-mode-only` (production): only orders created in test mode use it.
 * Either way, an order on the sandbox is a test-mode order.
 */
export type SandboxPolicy = "stand-in" | "test-mode-only";

/** The sandbox settles test-mode orders only: no live order is ever paid without a real gateway. */
export function sandboxMaySettle(order: { gateway: string; testMode: boolean }): boolean {
  return order.gateway === "sandbox" && order.testMode;
}

export interface ChosenGateway {
  gateway: PaymentGateway;
  /** True whenever the gateway is the sandbox. */
  testMode: boolean;
}

/**
 * The gateway a new order opens its payment with: the sandbox for test mode; otherwise the
 * requested gateway or the vendor's default, when this process has it; otherwise the sandbox
 * standing in (development), or a refusal at checkout (production).
 */
export function chooseGateway(params: {
  gateways: GatewayRegistry;
  sandbox: SandboxPolicy;
  requested: GatewayName | undefined;
  vendorDefault: GatewayName;
  testMode: boolean;
}): ChosenGateway {
  const wanted = params.requested ?? params.vendorDefault;
  const real = wanted === "sandbox" ? undefined : params.gateways[wanted];
  if (!params.testMode && real) return { gateway: real, testMode: false };
  if (params.testMode || params.sandbox === "stand-in") {
    const sandbox = params.gateways.sandbox;
    if (!sandbox) throw new DomainError("payments_unavailable", "This store cannot take test payments.");
    return { gateway: sandbox, testMode: true };
  }
  if (params.requested === "sandbox")
    throw new DomainError(
      "invalid_input",
      "The sandbox gateway takes test-mode orders only: send testMode: true.",
    );
  if (params.requested)
    throw new DomainError("payments_unavailable", `This store cannot take payments through ${wanted} yet.`);
  throw new DomainError("payments_unavailable", "This store cannot take payments yet.");
}

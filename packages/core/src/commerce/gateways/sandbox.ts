import { payPageUrl } from "../after-payment";
import type { PaymentGateway, PaymentResult } from "./gateway";

/**
 * The built-in gateway: Keyway's own pay page at `/pay/<token>` with Pay / Fail / Cancel.
 * Test-mode orders always use it, and it settles test-mode orders only (`sandboxMaySettle`);
 * outside production it also stands in for every gateway the process has not configured.
 */
export function createSandboxGateway(publicUrl: string): PaymentGateway {
  return {
    name: "sandbox",
    async createPayment(request) {
      return { paymentUrl: payPageUrl(publicUrl, request.token), gatewayOrderId: null };
    },
  };
}

/**
 * The pay page's button, as a gateway callback. The transaction id is derived from the order,
 * so pressing Pay twice is the same payment, not a second one.
 */
export function sandboxResult(
  order: { reference: string; amount: number; currency: string },
  action: "pay" | "fail" | "cancel",
): PaymentResult {
  return {
    gateway: "sandbox",
    reference: order.reference,
    outcome: action === "pay" ? "paid" : action === "fail" ? "failed" : "cancelled",
    gatewayTxnId: `SBX-${order.reference}${action === "pay" ? "" : `-${action}`}`,
    amount: order.amount,
    currency: order.currency,
    raw: { action },
  };
}

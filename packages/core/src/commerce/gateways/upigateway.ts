import { formatDecimalAmount, minorFromDecimal } from "@keyway/schema";
import { DomainError } from "../../shared/errors";
import type { PaymentGateway, PaymentResult } from "./gateway";
import { field, providerJson, record } from "./http";

export interface UpiGatewayConfig {
  /** e.g. `https://api.ekqr.in` */
  baseUrl: string;
  /** The merchant's key (a UUID). */
  key: string;
  /** Replaces the global fetch (proxies, instrumentation). */
  fetch?: typeof fetch;
}

/**
 * UPI Gateway (seed 000's `merchant.upigateway.com` links). Its callback is not signed, so a
 * callback only names the order; the payment is trusted after `check_order_status` says
 * `success` — and `applyPaymentResult` then compares the amount with the order's.
 * UPI Gateway has no refund API, so `refund` stays undefined: refunds are made outside Keyway and only recorded.
 */
export function createUpiGateway(config: UpiGatewayConfig): PaymentGateway {
  const base = config.baseUrl.replace(/\/+$/, "");
  const post = (path: string, body: Record<string, unknown>) =>
    providerJson(
      "UPI Gateway",
      `${base}${path}`,
      {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ key: config.key, ...body }),
      },
      config.fetch,
    );

  return {
    name: "upigateway",

    async createPayment(request) {
      if (request.currency !== "INR") throw new DomainError("gateway_error", "UPI Gateway only takes INR.");
      const { json } = await post("/api/create_order", {
        client_txn_id: request.reference,
        amount: formatDecimalAmount(request.amount, request.currency),
        p_info: request.description.slice(0, 100),
        customer_name: request.customer.name ?? "Customer",
        customer_email: request.customer.email ?? "",
        customer_mobile: request.customer.phone ?? "",
        redirect_url: request.returnUrl,
        udf1: request.extra.udf1 ?? "",
        udf2: request.extra.udf2 ?? "",
        udf3: request.extra.udf3 ?? "",
      });
      const data = record(json.data);
      const paymentUrl = field(data, "payment_url");
      if (json.status !== true || !paymentUrl) {
        throw new DomainError(
          "gateway_error",
          `UPI Gateway refused the order: ${field(json, "msg") ?? "no reason given"}.`,
        );
      }
      return { paymentUrl, gatewayOrderId: field(data, "order_id") ?? null };
    },

    async fetchStatus(order) {
      const { json } = await post("/api/check_order_status", {
        client_txn_id: order.reference,
        txn_date: upiDate(order.createdAt),
      });
      const data = record(json.data);
      if (json.status !== true || !data || field(data, "client_txn_id") !== order.reference) return null;
      const status = field(data, "status")?.toLowerCase();
      const outcome: PaymentResult["outcome"] | null =
        status === "success"
          ? "paid"
          : status === "failure"
            ? "failed"
            : status === "closed" || status === "cancelled"
              ? "cancelled"
              : null;
      if (!outcome) return null;
      const amount = minorFromDecimal(data.amount, "INR");
      return {
        gateway: "upigateway",
        reference: order.reference,
        outcome,
        gatewayTxnId: field(data, "upi_txn_id") || `UPIGW-${field(data, "id") ?? order.reference}`,
        // A missing amount can never match the order, so it is refused rather than trusted.
        amount: amount ?? -1,
        currency: "INR",
        raw: data,
      };
    },

    async verifyCallback(callback) {
      const reference =
        field(callback.body, "client_txn_id") ??
        callback.query.client_txn_id ??
        callback.query.ref ??
        undefined;
      // Some integrations append `?client_txn_id=…` to a redirect_url that already has a query.
      const clean = reference?.split("?")[0]?.trim();
      return clean ? { reference: clean } : null;
    },
  };
}

/** `DD-MM-YYYY` of the order's date in India, where UPI Gateway keeps its books. */
export function upiDate(date: Date): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Kolkata",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("day")}-${part("month")}-${part("year")}`;
}

import type { WebhookFormat } from "@keyway/db";
import { formatDecimalAmount } from "@keyway/schema";
import { DomainError } from "../shared/errors";

/** What the outbox stores for every delivery: the native body. */
export interface NativeWebhookPayload {
  id: string;
  type: string;
  created_at: string;
  data: Record<string, unknown>;
}

/**
 * `data` of `payment.succeeded` / `payment.failed` (a contract with commerce): every format
 * adapter reads these fields.
 */
export interface PaymentEventData {
  order_id: string;
  reference: string;
  gateway: string;
  gateway_txn_id: string | null;
  /** Minor units. */
  amount: number;
  /** Major units as a decimal string, e.g. "2999.00". */
  amount_decimal: string;
  currency: string;
  customer: { id: string | null; phone: string | null; email: string | null };
  product: { id: string; number: number; slug: string; name: string; kind: string };
  /** What the license is bound to, e.g. the Busy serial "B-12345678". */
  binding_value: string | null;
  license_keys: string[];
  license_id: string | null;
  subscription_id: string | null;
  test_mode: boolean;
}

/** The Biznoq callback body, field for field as seed 000 shows it. */
export interface BiznoqWebhookBody {
  status: "success" | "failure";
  client_txn_id: string;
  txn_id: string;
  amount: string;
  customer_mobile: string;
  udf1: string;
  udf2: string;
  udf3: string;
}

/** Event types a `biznoq` endpoint can carry: the payment events, and the test event. */
export function biznoqCarries(eventType: string): boolean {
  return eventType === "payment.succeeded" || eventType === "payment.failed" || eventType === "webhook.test";
}

/** The exact bytes an endpoint receives (and that the signature covers). */
export function renderWebhookBody(format: WebhookFormat, payload: NativeWebhookPayload): string {
  if (format === "biznoq") return JSON.stringify(renderBiznoqBody(payload));
  // Rebuilt in the documented key order (jsonb storage does not keep it).
  return JSON.stringify({
    id: payload.id,
    type: payload.type,
    created_at: payload.created_at,
    data: payload.data,
  });
}

/**
 * Renders a payment event as Biznoq's body. Absent values become "" rather than null, since
 * Biznoq receivers were written against a body of strings only.
 */
export function renderBiznoqBody(payload: NativeWebhookPayload): BiznoqWebhookBody {
  if (!biznoqCarries(payload.type))
    throw new DomainError(
      "invalid_input",
      `The biznoq format carries payment events only, not ${payload.type}.`,
    );
  const data = payload.data;
  const customer = record(data.customer);
  const product = record(data.product);
  const keys = Array.isArray(data.license_keys) ? data.license_keys : [];
  return {
    status: payload.type === "payment.failed" ? "failure" : "success",
    client_txn_id: text(data.reference),
    txn_id: text(data.gateway_txn_id),
    amount:
      typeof data.amount_decimal === "string" ? data.amount_decimal : decimalOf(data.amount, data.currency),
    customer_mobile: text(customer.phone),
    udf1: text(product.slug),
    udf2: text(data.binding_value),
    udf3: text(keys[0]),
  };
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return "";
}

/** Minor units in the payload's currency (two digits when it names none). */
function decimalOf(minor: unknown, currency: unknown): string {
  if (typeof minor !== "number" || !Number.isInteger(minor)) return "";
  return formatDecimalAmount(minor, typeof currency === "string" ? currency : "");
}

import type { GatewayName } from "@keyway/db";

/** What a gateway needs to open a payment for an order. */
export interface PaymentRequest {
  orderId: string;
  /** Merchant transaction id (`client_txn_id`), e.g. `TXN-1716942000000-8452`. */
  reference: string;
  /** Token of Keyway's own pay page. */
  token: string;
  amount: number;
  currency: string;
  description: string;
  customer: { name?: string | null; email?: string | null; phone?: string | null };
  /** Where the gateway sends the customer back (Keyway's callback route for this gateway). */
  returnUrl: string;
  cancelUrl: string;
  /** Free fields (UPI Gateway udf1-3). */
  extra: { udf1?: string; udf2?: string; udf3?: string };
  createdAt: Date;
  /** Keyway stops taking payment for the order here: a provider's page should close by then. */
  expiresAt?: Date;
}

export interface PaymentOpened {
  paymentUrl: string;
  /** The gateway's own id for the payment, if it has one. */
  gatewayOrderId: string | null;
}

/**
 * A verified outcome of a payment, whatever the gateway. Only `applyPaymentResult` acts on it,
 * so every gateway's callback takes the same path.
 */
export interface PaymentResult {
  gateway: GatewayName;
  /** The order's reference (`client_txn_id`). */
  reference: string;
  outcome: "paid" | "failed" | "cancelled";
  gatewayTxnId: string;
  amount: number;
  currency: string;
  raw: Record<string, unknown>;
}

/** What Keyway asks a provider to give back: part or all of one captured payment. */
export interface RefundRequest {
  /** The order's reference (`client_txn_id`). */
  reference: string;
  gatewayOrderId: string | null;
  /** The provider's id of the settled payment (PayPal capture id, Stripe payment intent id). */
  gatewayTxnId: string;
  /** Minor units; never more than what is left of the payment. */
  amount: number;
  currency: string;
  reason: string | null;
  /** The same key asks for the same refund (a retry after a crash never refunds twice). */
  idempotencyKey: string;
}

export interface RefundOutcome {
  /** The provider's id of the refund (PayPal refund id, Stripe `re_…`). */
  gatewayRefundId: string;
  /** `pending`: accepted, the money moves later (the provider's webhook confirms it). */
  status: "succeeded" | "pending" | "failed";
  raw: Record<string, unknown>;
}

/**
 * A refund or dispute the provider reports on its own (the vendor refunded in the provider's
 * dashboard, the buyer disputed with their bank). Only signed webhooks carry one: the
 * provider's signature is what it is trusted on.
 */
export type ProviderEvent =
  | {
      kind: "refund";
      gatewayRefundId: string;
      /** This refund's amount, minor units. */
      amount: number;
      currency: string;
      /**
       * When the provider reports the running total instead (Stripe's `charge.amount_refunded`):
       * only the part not recorded yet is new.
       */
      totalRefunded?: number;
      reason?: string | null;
      raw: Record<string, unknown>;
    }
  | {
      kind: "dispute";
      gatewayDisputeId: string;
      /** `open` while the bank or provider decides; `won` or `lost` once it has. */
      status: "open" | "won" | "lost";
      amount: number;
      currency: string;
      reason: string | null;
      raw: Record<string, unknown>;
    };

/** One interface for every payment provider: open a payment, check one, give money back. */
export interface PaymentGateway {
  name: GatewayName;
  createPayment(request: PaymentRequest): Promise<PaymentOpened>;
  /**
   * Asks the provider for the payment's current state (re-check before trusting a callback).
   * `now` is the caller's clock, for `isOrderExpired`.
   */
  fetchStatus?(
    order: {
      reference: string;
      gatewayOrderId: string | null;
      createdAt: Date;
      amount: number;
      currency: string;
      /** When Keyway stops accepting payment for the order: a gateway must not take money after it. */
      expiresAt?: Date;
    },
    now?: Date,
  ): Promise<PaymentResult | null>;
  /** Authenticates a callback (signature, where the provider signs) and names its order, or null. */
  verifyCallback?(callback: GatewayCallback): Promise<CallbackClaim | null>;
  /**
   * Refunds part or all of a settled payment through the provider's API. A gateway without one
   * (UPI Gateway) leaves it out: its refunds are made outside Keyway and only recorded here.
   */
  refund?(request: RefundRequest): Promise<RefundOutcome>;
}

/** An incoming request to `/webhooks/gateways/<gateway>[/return|/cancel]`, as plain data. */
export interface GatewayCallback {
  /** `callback` (server-to-server POST), `return` or `cancel` (the customer's browser). */
  kind: "callback" | "return" | "cancel";
  query: Record<string, string>;
  body: Record<string, unknown>;
  headers: Record<string, string | undefined>;
  /** The body as received, for signature checks. */
  rawBody?: string;
}

/**
 * Which order a callback is about. A claim is never trusted as a payment: the order's state is
 * then asked of the provider (`fetchStatus`), so an unsigned or forged callback cannot pay.
 */
export interface CallbackClaim {
  reference?: string;
  gatewayOrderId?: string;
  /** The settled payment's id at the provider (capture, payment intent): refunds and disputes name it. */
  gatewayTxnId?: string;
  /** A refund or dispute the (signed) callback reports; absent for payment callbacks. */
  event?: ProviderEvent;
}

export type GatewayRegistry = Partial<Record<GatewayName, PaymentGateway>>;

import type { Executor, GatewayName } from "@keyway/db";
import type { CheckoutItem } from "@keyway/schema";
import { findPgError, pgErrorCodes } from "../shared/pg-errors";
import { isUniqueViolation } from "../shared/unique-violation";
import { type CustomerContact, normaliseContact, planCustomer } from "./customers";
import { callbackBase, type GatewayAccounts, vendorGateways } from "./gateways/accounts";
import { chooseGateway, type SandboxPolicy } from "./gateways/choose-gateway";
import { openPayment } from "./open-payment";
import { orderExpiresAt } from "./order-expiry";
import { planOrderRows } from "./order-rows";
import { priceItem } from "./pricing";
import { readOrderItem } from "./read-item";
import { writeOrder } from "./write-order";

/** How this process takes orders: built once by the host from its configuration. */
export interface OrderSettings {
  /** The provider accounts payments open on: each vendor's own (see `vendorGateways`). */
  accounts: GatewayAccounts;
  /** Where the sandbox may take orders (see `chooseGateway`). */
  sandbox: SandboxPolicy;
  /** Base of the links Keyway hands out (pay page, gateway return routes). */
  publicUrl: string;
  /** Unpaid orders stop taking payment after this many minutes (`orderExpiresAt`). */
  ttlMinutes: number;
}

/** What one order asks for: the item, the buyer, and the surface's choices. */
export interface OrderRequest {
  vendorId: string;
  item: CheckoutItem;
  customer: CustomerContact;
  /** Overrides the vendor's default gateway; test mode always uses the sandbox. */
  gateway?: GatewayName | undefined;
  /** Pay through the sandbox, as a test-mode order (its licenses are test mode too). */
  testMode?: boolean | undefined;
  returnUrl?: string | null | undefined;
  cancelUrl?: string | null | undefined;
  actor?: string | undefined;
  now?: Date | undefined;
  /** The scheduler's renewal order of a subscription (see `PricingContext`). */
  subscriptionRenewal?: boolean | undefined;
}

export type CreateOrderParams = OrderRequest & OrderSettings;

export interface CreatedOrder {
  orderId: string;
  token: string;
  reference: string;
  paymentUrl: string;
  amount: number;
  currency: string;
  /** Keys reserved at order time (add-on, subscription); package keys are issued when paid. */
  licenseKeys: string[];
  subscriptionId: number | null;
  /** The order went to the sandbox: it is a test-mode order. */
  testMode: boolean;
}

/**
 * Creates an order for one item: prices it (`priceItem`), reserves what it sells (a pending
 * license, a pending subscription) and opens the payment with the gateway. Two round trips
 * before the gateway: one read (the item, the vendor's default gateway and the matching
 * customers) and one write (`writeOrder`, a single statement).
 */
export async function createOrder(db: Executor, params: CreateOrderParams): Promise<CreatedOrder> {
  const now = params.now ?? new Date();
  const contact = normaliseContact(params.customer);
  for (let attempt = 0; ; attempt++) {
    const { found, context } = await readOrderItem(db, params.vendorId, params.item, contact);
    const priced = priceItem(found, { subscriptionRenewal: params.subscriptionRenewal });
    const vendorAccounts = await vendorGateways(db, params.accounts, context.vendor);
    const { gateway, testMode } = chooseGateway({
      gateways: vendorAccounts.registry,
      sandbox: params.sandbox,
      requested: params.gateway,
      vendorDefault: context.defaultGateway,
      testMode: params.testMode ?? false,
    });
    const planned = planOrderRows({
      vendorId: params.vendorId,
      priced,
      customer: planCustomer(params.vendorId, contact, context.customers),
      gateway: gateway.name,
      gatewayAccount: gateway.name === "sandbox" ? null : (vendorAccounts.account[gateway.name] ?? null),
      testMode,
      returnUrl: params.returnUrl ?? null,
      cancelUrl: params.cancelUrl ?? null,
      publicUrl: params.publicUrl,
      ttlMinutes: params.ttlMinutes,
      actor: params.actor,
      now,
    });
    let written: Awaited<ReturnType<typeof writeOrder>>;
    try {
      written = await writeOrder(db, planned.rows);
    } catch (error) {
      // A reference, token or key collision (same millisecond, same random digits) is retried
      // with fresh values; so is a customer created by a concurrent order since we read.
      if (attempt < 3 && isRetryable(error)) continue;
      throw error;
    }
    const paymentUrl =
      written.paymentUrl ??
      (await openPayment(db, {
        gateway,
        order: planned,
        priced,
        customer: params.customer,
        callbackBase: callbackBase(
          params.publicUrl,
          gateway.name,
          vendorAccounts.account[gateway.name] ?? null,
          context.vendor.slug,
        ),
        expiresAt: orderExpiresAt(now, params.ttlMinutes),
        now,
      }));
    return {
      orderId: planned.orderId,
      token: planned.token,
      reference: planned.reference,
      paymentUrl,
      amount: priced.amount,
      currency: priced.currency,
      licenseKeys: planned.licenseKeys,
      subscriptionId: written.subscriptionId,
      testMode,
    };
  }
}

const RETRYABLE_UNIQUE = ["orders_reference_key", "orders_token_key", "licenses_key_key"];

/** Fresh values or a fresh read fix it: a random value collided, or the customer we planned to create exists now. */
function isRetryable(error: unknown): boolean {
  if (RETRYABLE_UNIQUE.some((name) => isUniqueViolation(error, name))) return true;
  const missing = findPgError(error, [pgErrorCodes.foreignKeyViolation]);
  return missing?.constraint?.endsWith("_customer_id_customers_id_fk") ?? false;
}

import { type Executor, type GatewayName, newId } from "@keyway/db";
import type { CheckoutItem } from "@keyway/schema";
import { findPgError, pgErrorCodes } from "../shared/pg-errors";
import { isUniqueViolation } from "../shared/unique-violation";
import { addonKey, addonMemo } from "./catalog-cache";
import {
  type CustomerContact,
  type CustomerPlan,
  type NormalisedContact,
  normaliseContact,
  planCustomer,
} from "./customers";
import { callbackBase, type GatewayAccounts, vendorGateways } from "./gateways/accounts";
import { chooseGateway, type SandboxPolicy } from "./gateways/choose-gateway";
import { openPayment } from "./open-payment";
import { orderExpiresAt } from "./order-expiry";
import { type CatalogCheck, planOrderRows } from "./order-rows";
import { priceItem } from "./pricing";
import { type CatalogItem, type OrderContext, readOrderItem } from "./read-item";
import { isCatalogChanged, writeOrder } from "./write-order";

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
 * customers) and one write (`writeOrder`, a single statement); an add-on this process read
 * within the last second needs only the write (catalog-cache.ts).
 */
export async function createOrder(db: Executor, params: CreateOrderParams): Promise<CreatedOrder> {
  const now = params.now ?? new Date();
  const contact = normaliseContact(params.customer);
  let remembered = params.item.kind === "addon";
  for (let attempt = 0; ; attempt++) {
    const { found, context, catalogCheck } = await orderItem(db, params, contact, remembered);
    let choice: Awaited<ReturnType<typeof priceAndChoose>>;
    try {
      choice = await priceAndChoose(db, params, found, context);
    } catch (error) {
      // A refusal is never made from memory (the add-on or vendor may have changed): read afresh.
      if (!catalogCheck) throw error;
      addonMemo.forget(db, addonKey(params.vendorId, catalogCheck.productNumber));
      remembered = false;
      continue;
    }
    const { priced, vendorAccounts, gateway, testMode } = choice;
    const planned = planOrderRows({
      vendorId: params.vendorId,
      priced,
      customer: catalogCheck
        ? customerFoundByWrite(contact)
        : planCustomer(params.vendorId, contact, context.customers),
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
    if (catalogCheck) {
      planned.rows.catalogCheck.push(catalogCheck);
      const { email, phone, name } = contact;
      const newId = planned.rows.order[0].customerId;
      if (newId)
        planned.rows.customerMatch.push({ vendorId: params.vendorId, email, phone, name, newId, now });
    }
    let written: Awaited<ReturnType<typeof writeOrder>>;
    try {
      written = await writeOrder(db, planned.rows);
    } catch (error) {
      if (catalogCheck && attempt < 3 && isCatalogChanged(error)) {
        // Priced from a remembered add-on that has changed since: read it afresh.
        addonMemo.forget(db, addonKey(params.vendorId, catalogCheck.productNumber));
        remembered = false;
        continue;
      }
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

/** The item's price and the gateway the payment opens on (either may refuse the order). */
async function priceAndChoose(
  db: Executor,
  params: CreateOrderParams,
  found: CatalogItem,
  context: OrderContext,
) {
  const priced = priceItem(found, { subscriptionRenewal: params.subscriptionRenewal });
  const vendorAccounts = await vendorGateways(db, params.accounts, context.vendor);
  const { gateway, testMode } = chooseGateway({
    gateways: vendorAccounts.registry,
    sandbox: params.sandbox,
    requested: params.gateway,
    vendorDefault: context.defaultGateway,
    testMode: params.testMode ?? false,
  });
  return { priced, vendorAccounts, gateway, testMode };
}

/**
 * The item and the order's context: the add-on from memory when this process read it within
 * the last second (catalog-cache.ts; the write then checks it and finds the customer itself),
 * else from the database (remembering an add-on for the next order).
 */
async function orderItem(
  db: Executor,
  params: CreateOrderParams,
  contact: NormalisedContact,
  useRemembered: boolean,
): Promise<{ found: CatalogItem; context: OrderContext; catalogCheck: RememberedCheck | null }> {
  const { item, vendorId } = params;
  const at = Date.now();
  if (item.kind === "addon" && useRemembered) {
    const hit = addonMemo.get(db, addonKey(vendorId, item.productNumber), at);
    if (hit) {
      return {
        found: { kind: "addon", item, product: hit.product },
        context: { ...hit.context, customers: [] },
        catalogCheck: {
          productId: hit.product.id,
          productUpdatedAt: hit.product.updatedAt,
          vendorId,
          vendorUpdatedAt: hit.context.vendorUpdatedAt,
          productNumber: item.productNumber,
        },
      };
    }
  }
  const generation = addonMemo.generation(db);
  const read = await readOrderItem(db, vendorId, item, contact);
  if (read.found.kind === "addon" && item.kind === "addon") {
    const { customers: _, ...context } = read.context;
    const remembered = { product: read.found.product, context };
    addonMemo.set(db, addonKey(vendorId, item.productNumber), remembered, { at, generation });
  }
  return { ...read, catalogCheck: null };
}

type RememberedCheck = CatalogCheck & { productNumber: number };

/** With a remembered add-on, the write finds the customer (`customerMatch`); planned here: the id a new one gets. */
function customerFoundByWrite(contact: NormalisedContact): CustomerPlan {
  if (!contact.email && !contact.phone) return { id: null, insert: null, setEmail: null };
  return { id: newId("cus"), insert: null, setEmail: null };
}

const RETRYABLE_UNIQUE = ["orders_reference_key", "orders_token_key", "licenses_key_key"];

/** Fresh values or a fresh read fix it: a random value collided, or the customer we planned to create exists now. */
function isRetryable(error: unknown): boolean {
  if (RETRYABLE_UNIQUE.some((name) => isUniqueViolation(error, name))) return true;
  const missing = findPgError(error, [pgErrorCodes.foreignKeyViolation]);
  return missing?.constraint?.endsWith("_customer_id_customers_id_fk") ?? false;
}

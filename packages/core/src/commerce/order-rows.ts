import {
  type activations,
  type customers,
  type events,
  type GatewayAccount,
  type GatewayName,
  type licenses,
  newId,
  type orders,
  type subscriptions,
} from "@keyway/db";
import { AuditActor } from "@keyway/schema";
import type { AuditEventType, WebhookEventType } from "../events/event-types";
import { planLicense } from "../licensing/issue-license";
import { payPageUrl } from "./after-payment";
import type { CustomerPlan } from "./customers";
import { orderExpiresAt } from "./order-expiry";
import type { PricedItem } from "./pricing";
import { newOrderReference, newOrderToken } from "./references";

/**
 * The events an order writes itself, in its one statement. Webhook event types need
 * `recordEvent`'s outbox rows, so they cannot be written here (checked by the compiler).
 */
type DirectEvent = typeof events.$inferInsert & { type: Exclude<AuditEventType, WebhookEventType> };

/** One order's rows, by part of its one statement (see `writeOrder`), in statement order. */
export interface OrderRows {
  customer: (typeof customers.$inferInsert)[];
  /** The email of a customer found by phone, who had none. */
  customerEmail: { id: string; email: string; updatedAt: Date }[];
  license: (typeof licenses.$inferInsert)[];
  activation: (typeof activations.$inferInsert)[];
  subscription: (typeof subscriptions.$inferInsert)[];
  /** Renewal: the order points at the renewed license's subscription. */
  renewalOf: { licenseId: string }[];
  order: [typeof orders.$inferInsert];
  events: DirectEvent[];
  /**
   * The customer found in the write itself (instead of a read before it): by email, then by
   * phone, else `newId` is created (see `writeOrder`).
   */
  customerMatch: CustomerMatch[];
  /** The catalog rows the order was priced from, as remembered: the write fails if they changed. */
  catalogCheck: CatalogCheck[];
}

export interface CustomerMatch {
  vendorId: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  newId: string;
  now: Date;
}

export interface CatalogCheck {
  productId: string;
  productUpdatedAt: Date;
  vendorId: string;
  vendorUpdatedAt: Date;
}

export interface PlannedOrder {
  orderId: string;
  reference: string;
  token: string;
  /** Keys reserved now (add-on, subscription), so the buyer's integration can show them; they verify once paid. */
  licenseKeys: string[];
  rows: OrderRows;
}

export interface OrderRowsParams {
  vendorId: string;
  priced: PricedItem;
  customer: CustomerPlan;
  gateway: GatewayName;
  /** Whose provider account the payment opens on (null: the sandbox). */
  gatewayAccount: GatewayAccount | null;
  testMode: boolean;
  returnUrl: string | null;
  cancelUrl: string | null;
  publicUrl: string;
  ttlMinutes: number;
  actor: string | undefined;
  now: Date;
}

/**
 * The rows one order writes, with fresh reference, token and ids: the order (with the term it
 * priced), its customer, the license and seat it reserves, a pending subscription, and its audit
 * events. Nothing is written here.
 */
export function planOrderRows(params: OrderRowsParams): PlannedOrder {
  const { priced, customer, now } = params;
  const reference = newOrderReference(now);
  const token = newOrderToken();
  const orderId = newId("ord");
  const actor = params.actor ?? AuditActor.system;
  const order: typeof orders.$inferInsert = {
    id: orderId,
    vendorId: params.vendorId,
    reference,
    token,
    kind: priced.kind,
    customerId: customer.id,
    productId: priced.productId,
    planId: priced.planId,
    billingCycle: priced.billingCycle,
    licenseId: priced.licenseId,
    quantity: priced.quantity,
    amount: priced.amount,
    currency: priced.currency,
    gateway: params.gateway,
    gatewayAccount: params.gatewayAccount,
    // The sandbox's pay page is Keyway's own: known now. A real gateway's comes when it opens.
    paymentUrl: params.gateway === "sandbox" ? payPageUrl(params.publicUrl, token) : null,
    testMode: params.testMode,
    returnUrl: params.returnUrl,
    cancelUrl: params.cancelUrl,
    bindingValue: priced.bindingValue,
    startsAt: priced.startsAt,
    endsAt: priced.endsAt,
    durationValue: priced.durationValue,
    durationUnit: priced.durationUnit,
    expiresAt: orderExpiresAt(now, params.ttlMinutes),
    createdAt: now,
  };
  const rows: OrderRows = {
    customer: customer.insert ? [customer.insert] : [],
    customerEmail:
      customer.setEmail && customer.id ? [{ id: customer.id, email: customer.setEmail, updatedAt: now }] : [],
    license: [],
    activation: [],
    subscription: [],
    renewalOf: priced.kind === "renewal" && priced.licenseId ? [{ licenseId: priced.licenseId }] : [],
    order: [order],
    events: [],
    customerMatch: [],
    catalogCheck: [],
  };

  const licenseKeys: string[] = [];
  if ((priced.kind === "addon" || priced.kind === "subscription") && priced.licenseProduct) {
    const license = planLicense(priced.licenseProduct, {
      vendorId: params.vendorId,
      productId: priced.productId,
      customerId: customer.id,
      orderId,
      planId: priced.planId,
      status: "pending",
      durationValue: priced.durationValue,
      durationUnit: priced.durationUnit,
      binding: priced.binding,
      testMode: params.testMode,
      actor: params.actor,
      now,
    });
    licenseKeys.push(license.key);
    rows.license.push(license.license);
    if (license.activation) rows.activation.push(license.activation);
    order.licenseId = license.id;
    rows.events.push({
      id: newId("evt"),
      vendorId: params.vendorId,
      type: "license.created",
      subjectType: "license",
      subjectId: license.id,
      licenseId: license.id,
      actor,
      data: license.data,
      createdAt: now,
    });
    if (priced.kind === "subscription" && priced.planId && priced.billingCycle) {
      rows.subscription.push({
        vendorId: params.vendorId,
        customerId: customer.id,
        planId: priced.planId,
        billingCycle: priced.billingCycle,
        licenseId: license.id,
        status: "pending",
        createdAt: now,
      });
    }
  }
  rows.events.push({
    id: newId("evt"),
    vendorId: params.vendorId,
    type: "order.created",
    subjectType: "order",
    subjectId: orderId,
    licenseId: priced.licenseId,
    actor,
    data: {
      order_id: orderId,
      reference,
      kind: priced.kind,
      amount: priced.amount,
      currency: priced.currency,
    },
    createdAt: now,
  });
  return { orderId, reference, token, licenseKeys, rows };
}

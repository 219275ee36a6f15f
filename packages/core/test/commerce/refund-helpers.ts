import { type Database, eq, events, licenses, orders, refunds } from "@keyway/db";
import { DEMO } from "@keyway/db/seed";
import type { TestDb } from "@keyway/db/testing";
import type { ProviderEvent, RefundOutcome, RefundRequest } from "../../src";
import { applyPaymentResult } from "../../src/commerce/apply-payment";
import { createOrder } from "../../src/commerce/create-order";
import { applyProviderEvent } from "../../src/commerce/gateway-callback";
import type { PaymentGateway } from "../../src/commerce/gateways/gateway";
import { createSandboxGateway, sandboxResult } from "../../src/commerce/gateways/sandbox";
import { demoSetup } from "../licensing/helpers";
import { accountsOf } from "./accounts";

/**
 * What the refund and dispute tests share: the demo vendor with the sandbox and a stand-in
 * provider named `paypal` (a live account: its orders are live, refunded through `refund`,
 * which each test may script).
 */
export async function refundSetup(db: TestDb) {
  const ctx = await demoSetup(db.db);
  const provider = {
    /** How the provider answers a refund; default: at once, under an id of its own. */
    refund: async (request: RefundRequest): Promise<RefundOutcome> => ({
      gatewayRefundId: `PP-RF-${request.idempotencyKey}`,
      status: "succeeded",
      raw: {},
    }),
    requests: [] as RefundRequest[],
  };
  const paypal: PaymentGateway = {
    name: "paypal",
    async createPayment(request) {
      return {
        paymentUrl: `https://paypal.test/${request.reference}`,
        gatewayOrderId: `PP-${request.reference}`,
      };
    },
    async refund(request) {
      provider.requests.push(request);
      return provider.refund(request);
    },
  };
  const accounts = accountsOf({ sandbox: createSandboxGateway("http://keyway.test"), paypal });
  let serial = 10_000_000;

  /** An add-on order (one pending license), on the sandbox (test mode) or the live provider. */
  async function addonOrder(gateway: "sandbox" | "paypal", phone = "9000012345") {
    serial += 1;
    return createOrder(db.db, {
      vendorId: ctx.vendorId,
      item: { kind: "addon", productNumber: ctx.addon.number, serialNo: `B-${serial}` },
      customer: { phone },
      accounts,
      sandbox: "test-mode-only",
      testMode: gateway === "sandbox",
      ...(gateway === "paypal" ? { gateway } : {}),
      publicUrl: "http://keyway.test",
      ttlMinutes: 60,
      actor: "test",
    });
  }

  /** A JFramework package order of two licenses (issued on payment), on the live provider. */
  async function packageOrder() {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    return createOrder(db.db, {
      vendorId: ctx.vendorId,
      item: {
        kind: "package",
        packageId: DEMO.packageId,
        subscriptionTypeId: DEMO.subscriptionTypeId,
        startDate: day(0),
        endDate: day(30),
        quantity: 2,
      },
      customer: {},
      accounts,
      sandbox: "test-mode-only",
      testMode: false,
      gateway: "paypal",
      publicUrl: "http://keyway.test",
      ttlMinutes: 60,
      actor: "test",
    });
  }

  /** The payment callback, as the order's gateway reports it. */
  function pay(
    order: { reference: string; amount: number; currency: string },
    gateway: "sandbox" | "paypal",
    now?: Date,
  ) {
    const result =
      gateway === "sandbox"
        ? sandboxResult(order, "pay")
        : {
            gateway,
            reference: order.reference,
            outcome: "paid" as const,
            gatewayTxnId: `CAP-${order.reference}`,
            amount: order.amount,
            currency: order.currency,
            raw: {},
          };
    return applyPaymentResult(db.db, result, now ? { now } : {});
  }

  /** A signed refund or dispute webhook of the provider, as `handleGatewayCallback` hands it on. */
  const providerEvent = (orderId: string, event: ProviderEvent) =>
    applyProviderEvent(db.db, { orderId, event, gateway: "paypal", now: new Date() });

  return { ...ctx, accounts, provider, addonOrder, packageOrder, pay, providerEvent };
}

export async function orderRow(db: Database, id: string) {
  const [row] = await db.select().from(orders).where(eq(orders.id, id));
  if (!row) throw new Error(`no order ${id}`);
  return row;
}

export async function licensesOf(db: Database, orderId: string) {
  const order = await orderRow(db, orderId);
  const rows = await db.select().from(licenses).where(eq(licenses.orderId, orderId)).orderBy(licenses.id);
  if (rows.length === 0 && order.licenseId)
    return db.select().from(licenses).where(eq(licenses.id, order.licenseId));
  return rows;
}

export const refundsOf = (db: Database, orderId: string) =>
  db.select().from(refunds).where(eq(refunds.orderId, orderId)).orderBy(refunds.createdAt);

/** The order's audit timeline types (what reaches webhooks through the outbox). */
export async function orderEventTypes(db: Database, orderId: string): Promise<string[]> {
  const rows = await db.select().from(events).where(eq(events.subjectId, orderId)).orderBy(events.createdAt);
  return rows.map((r) => r.type);
}

import type { BindingKind, DurationUnit } from "@keyway/db";
import {
  and,
  type Executor,
  eq,
  type GatewayName,
  licenses,
  orders,
  planPrices,
  plans,
  products,
  subscriptions,
  vendors,
} from "@keyway/db";
import { type CheckoutItem, normaliseBinding, normaliseKey } from "@keyway/schema";
import { recordEvent } from "../events/record-event";
import { issueLicense } from "../licensing/issue-license";
import { addDuration } from "../shared/duration";
import { DomainError } from "../shared/errors";
import { isUniqueViolation } from "../shared/unique-violation";
import { type CustomerContact, upsertCustomer } from "./customers";
import type { GatewayRegistry, PaymentGateway } from "./gateways/gateway";
import { newOrderReference, newOrderToken } from "./references";

export interface CreateOrderParams {
  vendorId: string;
  item: CheckoutItem;
  customer: CustomerContact;
  gateways: GatewayRegistry;
  /** Overrides the vendor's default gateway; test mode always uses the sandbox. */
  gateway?: GatewayName;
  testMode?: boolean;
  returnUrl?: string | null;
  cancelUrl?: string | null;
  publicUrl: string;
  ttlMinutes: number;
  actor?: string;
  now?: Date;
}

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
}

/** What an item costs and what paying it will grant, resolved from the vendor's catalog. */
interface Priced {
  kind: "addon" | "subscription" | "package" | "renewal";
  productId: string;
  productName: string;
  productSlug: string;
  planId: string | null;
  billingCycle: "monthly" | "yearly" | "custom" | null;
  amount: number;
  currency: string;
  quantity: number;
  durationValue: number | null;
  durationUnit: DurationUnit | null;
  licenseId: string | null;
  bindingValue: string | null;
  binding: { value: string; label: string } | null;
  startsAt: Date | null;
  endsAt: Date | null;
}

/**
 * Creates an order for one item, reserves what it sells (a pending license, a pending
 * subscription) and opens the payment with the gateway. Returns the gateway's payment URL.
 */
export async function createOrder(db: Executor, params: CreateOrderParams): Promise<CreatedOrder> {
  const now = params.now ?? new Date();
  const [vendor] = await db.select().from(vendors).where(eq(vendors.id, params.vendorId));
  if (!vendor) throw new DomainError("not_found", "Vendor not found.");
  const gatewayName: GatewayName = params.testMode
    ? "sandbox"
    : (params.gateway ?? (vendor.defaultGateway as GatewayName));
  const gateway = params.gateways[gatewayName];
  if (!gateway) throw new DomainError("gateway_error", `The ${gatewayName} gateway is not configured.`);

  for (let attempt = 0; ; attempt++) {
    try {
      return await openOrder(db, params, gateway, now);
    } catch (error) {
      // A reference collision (same millisecond, same 4 digits) is retried with a new one.
      if (attempt < 3 && isUniqueViolation(error, "orders_reference_key")) continue;
      throw error;
    }
  }
}

async function openOrder(db: Executor, params: CreateOrderParams, gateway: PaymentGateway, now: Date) {
  const reference = newOrderReference(now);
  const token = newOrderToken();
  const sandbox = gateway.name === "sandbox";
  const expiresAt = new Date(now.getTime() + params.ttlMinutes * 60_000);

  const created = await db.transaction(async (tx) => {
    const priced = await priceItem(tx, params.vendorId, params.item, now);
    const customerId = await upsertCustomer(tx, params.vendorId, params.customer);
    const [order] = await tx
      .insert(orders)
      .values({
        vendorId: params.vendorId,
        reference,
        token,
        kind: priced.kind,
        customerId,
        productId: priced.productId,
        planId: priced.planId,
        billingCycle: priced.billingCycle,
        licenseId: priced.licenseId,
        quantity: priced.quantity,
        amount: priced.amount,
        currency: priced.currency,
        gateway: gateway.name,
        paymentUrl: sandbox ? `${params.publicUrl}/pay/${token}` : null,
        testMode: params.testMode ?? false,
        returnUrl: params.returnUrl ?? null,
        cancelUrl: params.cancelUrl ?? null,
        bindingValue: priced.bindingValue,
        startsAt: priced.startsAt,
        endsAt: priced.endsAt,
        expiresAt,
        createdAt: now,
      })
      .returning();
    if (!order) throw new DomainError("internal", "Order insert returned nothing.");

    const licenseKeys: string[] = [];
    let subscriptionId: number | null = null;
    if (priced.kind === "addon" || priced.kind === "subscription") {
      // The key is reserved now, so the buyer's integration can show it; it verifies once paid.
      const license = await issueLicense(tx, {
        vendorId: params.vendorId,
        productId: priced.productId,
        customerId,
        orderId: order.id,
        planId: priced.planId,
        status: "pending",
        durationValue: priced.durationValue,
        durationUnit: priced.durationUnit,
        binding: priced.binding,
        testMode: params.testMode ?? false,
        actor: params.actor,
        now,
      });
      licenseKeys.push(license.key);
      let update: Partial<typeof orders.$inferInsert> = { licenseId: license.id };
      if (priced.kind === "subscription" && priced.planId && priced.billingCycle) {
        const [sub] = await tx
          .insert(subscriptions)
          .values({
            vendorId: params.vendorId,
            customerId,
            planId: priced.planId,
            billingCycle: priced.billingCycle,
            licenseId: license.id,
            status: "pending",
            createdAt: now,
          })
          .returning({ id: subscriptions.id });
        subscriptionId = sub?.id ?? null;
        update = { ...update, subscriptionId };
      }
      await tx.update(orders).set(update).where(eq(orders.id, order.id));
    }
    if (priced.kind === "renewal" && priced.licenseId) {
      const [sub] = await tx
        .select({ id: subscriptions.id })
        .from(subscriptions)
        .where(eq(subscriptions.licenseId, priced.licenseId));
      if (sub) {
        subscriptionId = sub.id;
        await tx.update(orders).set({ subscriptionId }).where(eq(orders.id, order.id));
      }
    }
    await recordEvent(tx, {
      vendorId: params.vendorId,
      type: "order.created",
      subjectType: "order",
      subjectId: order.id,
      licenseId: priced.licenseId,
      actor: params.actor,
      data: {
        order_id: order.id,
        reference,
        kind: priced.kind,
        amount: priced.amount,
        currency: priced.currency,
      },
      now,
    });
    return { order, priced, licenseKeys, subscriptionId };
  });

  let paymentUrl = created.order.paymentUrl;
  if (!paymentUrl) {
    // Real gateways are called outside the transaction: no row lock waits on the network.
    const base = `${params.publicUrl}/webhooks/gateways/${gateway.name}`;
    try {
      const opened = await gateway.createPayment({
        orderId: created.order.id,
        reference,
        token,
        amount: created.priced.amount,
        currency: created.priced.currency,
        description: created.priced.productName,
        customer: {
          email: params.customer.email ?? null,
          phone: params.customer.phone ?? null,
          name: params.customer.name ?? null,
        },
        returnUrl: `${base}/return?ref=${encodeURIComponent(reference)}`,
        cancelUrl: `${base}/cancel?ref=${encodeURIComponent(reference)}`,
        extra: {
          udf1: created.priced.productSlug,
          udf2: created.priced.binding?.label ?? "",
          udf3: created.licenseKeys[0] ?? "",
        },
        createdAt: now,
      });
      paymentUrl = opened.paymentUrl;
      await db
        .update(orders)
        .set({ paymentUrl, gatewayOrderId: opened.gatewayOrderId })
        .where(eq(orders.id, created.order.id));
    } catch (error) {
      await db.update(orders).set({ status: "failed" }).where(eq(orders.id, created.order.id));
      throw error instanceof DomainError
        ? error
        : new DomainError("gateway_error", "The payment gateway could not open the payment.");
    }
  }

  return {
    orderId: created.order.id,
    token,
    reference,
    paymentUrl,
    amount: created.priced.amount,
    currency: created.priced.currency,
    licenseKeys: created.licenseKeys,
    subscriptionId: created.subscriptionId,
  };
}

async function priceItem(tx: Executor, vendorId: string, item: CheckoutItem, now: Date): Promise<Priced> {
  const base = {
    planId: null,
    billingCycle: null,
    quantity: 1,
    licenseId: null,
    bindingValue: null,
    binding: null,
    startsAt: null,
    endsAt: null,
  } as const;

  switch (item.kind) {
    case "addon": {
      const [product] = await tx
        .select()
        .from(products)
        .where(
          and(
            eq(products.vendorId, vendorId),
            eq(products.kind, "addon"),
            eq(products.number, item.productNumber),
          ),
        );
      if (!product || product.archivedAt)
        throw new DomainError("not_found", `Add-on ${item.productNumber} was not found.`);
      if (product.price === null || !product.currency) {
        throw new DomainError("invalid_input", `Add-on ${item.productNumber} is not for sale on its own.`);
      }
      const binding = bindingFor(product.bindingKind, item.serialNo);
      return {
        ...base,
        kind: "addon",
        productId: product.id,
        productName: product.name,
        productSlug: product.slug,
        amount: product.price,
        currency: product.currency,
        durationValue: product.durationValue,
        durationUnit: product.durationUnit,
        bindingValue: item.serialNo,
        binding,
      };
    }
    case "subscription": {
      const [row] = await tx
        .select({ plan: plans, product: products })
        .from(plans)
        .innerJoin(products, eq(products.id, plans.productId))
        .where(and(eq(plans.vendorId, vendorId), eq(plans.number, item.planNumber)));
      if (!row || row.plan.archivedAt)
        throw new DomainError("not_found", `Plan ${item.planNumber} was not found.`);
      const price = await priceOf(tx, row.plan.id, item.billingCycle);
      if (!price) {
        throw new DomainError(
          "invalid_input",
          `Plan ${item.planNumber} has no ${item.billingCycle} billing cycle.`,
        );
      }
      const binding = item.binding ? bindingFor(row.product.bindingKind, item.binding) : null;
      return {
        ...base,
        kind: "subscription",
        productId: row.product.id,
        productName: `${row.product.name} — ${row.plan.name}`,
        productSlug: row.product.slug,
        planId: row.plan.id,
        billingCycle: item.billingCycle,
        amount: price.amount,
        currency: price.currency,
        durationValue: price.durationValue,
        durationUnit: price.durationUnit,
        bindingValue: item.binding ?? null,
        binding,
      };
    }
    case "package": {
      const [product] = await tx
        .select()
        .from(products)
        .where(and(eq(products.vendorId, vendorId), eq(products.id, item.packageId)));
      if (!product || product.archivedAt) throw new DomainError("not_found", "The package was not found.");
      const [plan] = await tx
        .select()
        .from(plans)
        .where(and(eq(plans.vendorId, vendorId), eq(plans.id, item.subscriptionTypeId)));
      if (!plan || plan.productId !== product.id) {
        throw new DomainError("not_found", "The subscription type was not found for this package.");
      }
      const [price] = await tx
        .select()
        .from(planPrices)
        .where(and(eq(planPrices.planId, plan.id), eq(planPrices.active, true)))
        .limit(1);
      if (!price) throw new DomainError("invalid_input", "The subscription type has no price.");
      const startsAt = new Date(item.startDate);
      const endsAt = new Date(item.endDate);
      if (!(endsAt > startsAt)) throw new DomainError("invalid_input", "endDate must be after startDate.");
      // Charged per started cycle of the subscription type, per license.
      let cycles = 0;
      for (let t = startsAt; t < endsAt && cycles < 1200; cycles++)
        t = addDuration(t, price.durationValue, price.durationUnit);
      return {
        ...base,
        kind: "package",
        productId: product.id,
        productName: `${product.name} — ${plan.name}`,
        productSlug: product.slug,
        planId: plan.id,
        billingCycle: price.billingCycle,
        amount: price.amount * cycles * item.quantity,
        currency: price.currency,
        quantity: item.quantity,
        durationValue: price.durationValue,
        durationUnit: price.durationUnit,
        startsAt,
        endsAt,
      };
    }
    case "renewal": {
      const key = normaliseKey(item.licenseKey);
      const [row] = await tx
        .select({ license: licenses, product: products })
        .from(licenses)
        .innerJoin(products, eq(products.id, licenses.productId))
        .where(and(eq(licenses.vendorId, vendorId), eq(licenses.key, key)));
      if (!row) throw new DomainError("license_not_found", "The license was not found.");
      if (row.license.status === "revoked")
        throw new DomainError("license_revoked", "The license has been revoked.");
      if (row.license.status === "suspended")
        throw new DomainError("license_suspended", "The license is suspended.");
      const options = await renewalPrices(tx, row.license, row.product);
      const wanted = item.billingCycle ?? cycleOf(row.license.durationUnit);
      const option = options.find((o) => o.billingCycle === wanted) ?? options[0];
      if (!option) throw new DomainError("invalid_input", "This license cannot be renewed online.");
      void now;
      return {
        ...base,
        kind: "renewal",
        productId: row.product.id,
        productName: row.product.name,
        productSlug: row.product.slug,
        planId: row.license.planId,
        billingCycle: option.billingCycle === "custom" ? "custom" : option.billingCycle,
        amount: option.amount,
        currency: option.currency,
        durationValue: option.durationValue,
        durationUnit: option.durationUnit,
        licenseId: row.license.id,
      };
    }
  }
}

export interface RenewalPrice {
  billingCycle: "monthly" | "yearly" | "custom";
  amount: number;
  currency: string;
  durationValue: number;
  durationUnit: DurationUnit;
}

/** A license renews at its plan's prices, or at its product's one-off price and duration. */
export async function renewalPrices(
  tx: Executor,
  license: { planId: string | null },
  product: {
    price: number | null;
    currency: string | null;
    durationValue: number | null;
    durationUnit: DurationUnit | null;
  },
): Promise<RenewalPrice[]> {
  if (license.planId) {
    const rows = await tx
      .select()
      .from(planPrices)
      .where(and(eq(planPrices.planId, license.planId), eq(planPrices.active, true)));
    return rows
      .map((p) => ({
        billingCycle: p.billingCycle,
        amount: p.amount,
        currency: p.currency,
        durationValue: p.durationValue,
        durationUnit: p.durationUnit,
      }))
      .sort((a, b) => a.amount - b.amount);
  }
  if (product.price !== null && product.currency && product.durationValue && product.durationUnit) {
    return [
      {
        billingCycle: cycleOf(product.durationUnit) ?? "custom",
        amount: product.price,
        currency: product.currency,
        durationValue: product.durationValue,
        durationUnit: product.durationUnit,
      },
    ];
  }
  return [];
}

function cycleOf(unit: DurationUnit | null): "monthly" | "yearly" | undefined {
  return unit === "month" ? "monthly" : unit === "year" ? "yearly" : undefined;
}

async function priceOf(tx: Executor, planId: string, cycle: "monthly" | "yearly") {
  const [price] = await tx
    .select()
    .from(planPrices)
    .where(
      and(eq(planPrices.planId, planId), eq(planPrices.billingCycle, cycle), eq(planPrices.active, true)),
    );
  return price ?? null;
}

function bindingFor(kind: BindingKind, input: string): { value: string; label: string } {
  const n = normaliseBinding(kind, input);
  if (!n.ok) {
    const what = kind === "serial" ? "serialNo is not a valid serial number" : `the ${kind} is not valid`;
    throw new DomainError("invalid_input", `${what} (${n.reason}).`);
  }
  return { value: n.value, label: input.trim() };
}

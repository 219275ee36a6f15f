import type { BindingKind, DurationUnit } from "@keyway/db";
import {
  activations,
  and,
  customers,
  type Executor,
  eq,
  events,
  type GatewayName,
  isNull,
  licenses,
  newId,
  orders,
  planPrices,
  plans,
  products,
  rowsOf,
  type SQL,
  sql,
  subscriptions,
  vendors,
} from "@keyway/db";
import { type CheckoutItem, normaliseBinding, normaliseKey } from "@keyway/schema";
import { type AuditEventType, webhookEventTypes } from "../events/event-types";
import { type LicenseProduct, planLicense } from "../licensing/issue-license";
import { addDuration } from "../shared/duration";
import { DomainError } from "../shared/errors";
import { oncePerExecutor, prepareStatement } from "../shared/prepared";
import { isUniqueViolation } from "../shared/unique-violation";
import {
  type CustomerCandidate,
  type CustomerContact,
  customerCandidates,
  customerCandidatesSql,
  type NormalisedContact,
  normaliseContact,
  planCustomer,
} from "./customers";
import { chooseGateway, type SandboxPolicy } from "./gateways/choose-gateway";
import type { GatewayRegistry, PaymentGateway } from "./gateways/gateway";
import { newOrderReference, newOrderToken } from "./references";

export interface CreateOrderParams {
  vendorId: string;
  item: CheckoutItem;
  customer: CustomerContact;
  gateways: GatewayRegistry;
  /** Where the sandbox may take orders: the host decides once (see `chooseGateway`). */
  sandbox: SandboxPolicy;
  /** Overrides the vendor's default gateway; test mode always uses the sandbox. */
  gateway?: GatewayName;
  /** Pay through the sandbox, as a test-mode order (its licenses are test mode too). */
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
  /** The order went to the sandbox: it is a test-mode order. */
  testMode: boolean;
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
  /** The product a reserved license copies (add-on, subscription). */
  licenseProduct: LicenseProduct | null;
  /** Read in the same query as the item: the vendor's default gateway and matching customers. */
  defaultGateway: GatewayName;
  customers: CustomerCandidate[];
}

/**
 * Creates an order for one item, reserves what it sells (a pending license, a pending
 * subscription) and opens the payment with the gateway. Returns the gateway's payment URL.
 *
 * Two round trips: one read (the item's price, the vendor's default gateway and the matching
 * customers, in one query) and one write. The write is a single statement (data-modifying CTEs),
 * so the customer, order, license, seat, subscription and audit events commit together or not
 * at all, exactly as the transaction it replaces, without the round trips of `begin`/`commit`.
 */
export async function createOrder(db: Executor, params: CreateOrderParams): Promise<CreatedOrder> {
  const now = params.now ?? new Date();
  const contact = normaliseContact(params.customer);
  for (let attempt = 0; ; attempt++) {
    const priced = await priceItem(db, params.vendorId, params.item, now, contact);
    const { gateway, testMode } = chooseGateway({
      gateways: params.gateways,
      sandbox: params.sandbox,
      requested: params.gateway,
      vendorDefault: priced.defaultGateway,
      testMode: params.testMode ?? false,
    });
    let written: Written;
    try {
      written = await writeOrder(db, params, priced, contact, gateway, testMode, now);
    } catch (error) {
      // A reference, token or key collision (same millisecond, same random digits) is retried
      // with fresh values; so is a customer created by a concurrent order since we read.
      if (attempt < 3 && isRetryable(error)) continue;
      throw error;
    }
    return { ...(await openPayment(db, params, priced, gateway, written, now)), testMode };
  }
}

interface Written {
  orderId: string;
  reference: string;
  token: string;
  paymentUrl: string | null;
  licenseKeys: string[];
  subscriptionId: number | null;
}

// The order writes its audit events directly (one statement); webhook event types need
// `recordEvent`'s outbox rows, so refuse to start if one of these ever becomes deliverable.
const ORDER_EVENTS: AuditEventType[] = ["order.created", "license.created"];
for (const type of ORDER_EVENTS) {
  if ((webhookEventTypes as readonly string[]).includes(type))
    throw new Error(`createOrder writes ${type} without webhook deliveries; route it through recordEvent`);
}

/** One order's rows, as plain values: what `writeOrder` binds to its statement. */
interface OrderRows {
  customer: typeof customers.$inferInsert | null;
  customerEmail: { id: string; email: string; updatedAt: Date } | null;
  license: typeof licenses.$inferInsert | null;
  activation: typeof activations.$inferInsert | null;
  subscription: typeof subscriptions.$inferInsert | null;
  /** Renewal: the order points at the renewed license's subscription. */
  renewalOf: string | null;
  order: typeof orders.$inferInsert;
  events: (typeof events.$inferInsert)[];
}

async function writeOrder(
  db: Executor,
  params: CreateOrderParams,
  priced: Priced,
  contact: NormalisedContact,
  gateway: PaymentGateway,
  testMode: boolean,
  now: Date,
): Promise<Written> {
  const reference = newOrderReference(now);
  const token = newOrderToken();
  const orderId = newId("ord");
  const sandbox = gateway.name === "sandbox";
  const actor = params.actor ?? "system";
  const customer = planCustomer(params.vendorId, contact, priced.customers);
  const rows: OrderRows = {
    customer: customer.insert,
    customerEmail:
      customer.setEmail && customer.id ? { id: customer.id, email: customer.setEmail, updatedAt: now } : null,
    license: null,
    activation: null,
    subscription: null,
    renewalOf: null,
    order: {
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
      gateway: gateway.name,
      paymentUrl: sandbox ? `${params.publicUrl}/pay/${token}` : null,
      testMode,
      returnUrl: params.returnUrl ?? null,
      cancelUrl: params.cancelUrl ?? null,
      bindingValue: priced.bindingValue,
      startsAt: priced.startsAt,
      endsAt: priced.endsAt,
      expiresAt: new Date(now.getTime() + params.ttlMinutes * 60_000),
      createdAt: now,
    },
    events: [],
  };

  const licenseKeys: string[] = [];
  if ((priced.kind === "addon" || priced.kind === "subscription") && priced.licenseProduct) {
    // The key is reserved now, so the buyer's integration can show it; it verifies once paid.
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
      testMode,
      actor: params.actor,
      now,
    });
    licenseKeys.push(license.key);
    rows.license = license.license;
    rows.activation = license.activation;
    rows.order.licenseId = license.id;
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
      rows.subscription = {
        vendorId: params.vendorId,
        customerId: customer.id,
        planId: priced.planId,
        billingCycle: priced.billingCycle,
        licenseId: license.id,
        status: "pending",
        createdAt: now,
      };
    }
  }
  if (priced.kind === "renewal" && priced.licenseId) rows.renewalOf = priced.licenseId;
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

  const values: Record<string, unknown> = {};
  const shape = bindRows(rows, values);
  let prepared = orderWrites.get(db)?.get(shape);
  if (!prepared) {
    prepared = prepareOrderWrite(db, rows);
    const byShape = orderWrites.get(db) ?? new Map<string, PreparedWrite>();
    byShape.set(shape, prepared);
    orderWrites.set(db, byShape);
  }
  const [row] = rowsOf<{ subscriptionId: number | null; paymentUrl: string | null }>(
    await prepared.execute(values),
  );
  if (!row) throw new DomainError("internal", "Order insert returned nothing.");
  return {
    orderId,
    reference,
    token,
    paymentUrl: row.paymentUrl,
    licenseKeys,
    subscriptionId: row.subscriptionId === null ? null : Number(row.subscriptionId),
  };
}

type PreparedWrite = ReturnType<typeof prepareStatement>;
/** Compiled order writes, per database handle and shape (which rows, which columns). */
const orderWrites = new WeakMap<Executor, Map<string, PreparedWrite>>();

/** Placeholder names of a row's columns: `<part>_<index>_<column>`. */
function slot(part: string, index: number, column: string): string {
  return `${part}_${index}_${column}`;
}

/**
 * Fills `values` with the rows' values as the driver takes them (what drizzle's column
 * encoders would produce: ISO timestamps, JSON text) and returns the statement's shape.
 */
function bindRows(rows: OrderRows, values: Record<string, unknown>): string {
  let shape = rows.renewalOf ? "r" : "";
  const bind = (part: string, list: object[]) => {
    list.forEach((row, index) => {
      shape += `|${part}${index}`;
      for (const [column, value] of Object.entries(row)) {
        shape += `,${column}`;
        values[slot(part, index, column)] =
          value instanceof Date
            ? value.toISOString()
            : value !== null && typeof value === "object"
              ? JSON.stringify(value)
              : value;
      }
    });
  };
  if (rows.customer) bind("c", [rows.customer]);
  if (rows.customerEmail) bind("ce", [rows.customerEmail]);
  if (rows.license) bind("l", [rows.license]);
  if (rows.activation) bind("a", [rows.activation]);
  if (rows.subscription) bind("s", [rows.subscription]);
  if (rows.renewalOf) values.r_0_licenseId = rows.renewalOf;
  bind("o", [rows.order]);
  bind("e", rows.events);
  return shape;
}

/** The rows' columns as placeholders (bound by `bindRows`), for a statement compiled once per shape. */
function placeholders<T extends object>(part: string, index: number, row: T): { [K in keyof T]: SQL } {
  const out: Record<string, SQL> = {};
  for (const column of Object.keys(row)) out[column] = sql`${sql.placeholder(slot(part, index, column))}`;
  return out as { [K in keyof T]: SQL };
}

/**
 * The whole order as one statement of data-modifying CTEs: every part commits or none does.
 * Foreign keys are checked at the end of the statement, so the order may reference the
 * customer and license it inserts beside them.
 */
function prepareOrderWrite(db: Executor, rows: OrderRows): PreparedWrite {
  const steps: [string, SQL][] = [];
  if (rows.customer) {
    steps.push([
      "c",
      db
        .insert(customers)
        .values(placeholders("c", 0, rows.customer))
        .onConflictDoNothing()
        .getSQL(),
    ]);
  }
  if (rows.customerEmail) {
    const p = placeholders("ce", 0, rows.customerEmail);
    steps.push([
      "ce",
      db
        .update(customers)
        .set({ email: p.email, updatedAt: p.updatedAt })
        .where(and(eq(customers.id, p.id), isNull(customers.email)))
        .getSQL(),
    ]);
  }
  if (rows.license)
    steps.push([
      "l",
      db
        .insert(licenses)
        .values(placeholders("l", 0, rows.license))
        .getSQL(),
    ]);
  if (rows.activation) {
    steps.push([
      "a",
      db
        .insert(activations)
        .values(placeholders("a", 0, rows.activation))
        .getSQL(),
    ]);
  }
  if (rows.subscription) {
    steps.push([
      "s",
      db
        .insert(subscriptions)
        .values(placeholders("s", 0, rows.subscription))
        .returning({ id: subscriptions.id })
        .getSQL(),
    ]);
  }
  const subscriptionId = rows.subscription
    ? sql`(select id from s)`
    : rows.renewalOf
      ? sql`(select ${subscriptions.id} from ${subscriptions} where ${subscriptions.licenseId} = ${sql.placeholder("r_0_licenseId")} limit 1)`
      : sql`null`;
  steps.push([
    "o",
    db
      .insert(orders)
      .values({ ...placeholders("o", 0, rows.order), subscriptionId })
      .returning({ subscriptionId: orders.subscriptionId, paymentUrl: orders.paymentUrl })
      .getSQL(),
  ]);
  steps.push([
    "e",
    db
      .insert(events)
      .values(rows.events.map((row, i) => placeholders("e", i, row)))
      .getSQL(),
  ]);
  const statement = sql`with ${sql.join(
    steps.map(([name, step]) => sql`${sql.raw(name)} as (${step})`),
    sql`, `,
  )} select "subscription_id" as "subscriptionId", "payment_url" as "paymentUrl" from o`;
  return prepareStatement(db, "keyway_order_write", statement, { onlyPlaceholders: true });
}

/** Real gateways are called after the order is written: no row lock waits on the network. */
async function openPayment(
  db: Executor,
  params: CreateOrderParams,
  priced: Priced,
  gateway: PaymentGateway,
  written: Written,
  now: Date,
): Promise<Omit<CreatedOrder, "testMode">> {
  const { orderId, reference, token } = written;
  let paymentUrl = written.paymentUrl;
  if (!paymentUrl) {
    const base = `${params.publicUrl}/webhooks/gateways/${gateway.name}`;
    try {
      const opened = await gateway.createPayment({
        orderId,
        reference,
        token,
        amount: priced.amount,
        currency: priced.currency,
        description: priced.productName,
        customer: {
          email: params.customer.email ?? null,
          phone: params.customer.phone ?? null,
          name: params.customer.name ?? null,
        },
        returnUrl: `${base}/return?ref=${encodeURIComponent(reference)}`,
        cancelUrl: `${base}/cancel?ref=${encodeURIComponent(reference)}`,
        extra: {
          udf1: priced.productSlug,
          udf2: priced.binding?.label ?? "",
          udf3: written.licenseKeys[0] ?? "",
        },
        createdAt: now,
      });
      paymentUrl = opened.paymentUrl;
      await db
        .update(orders)
        .set({ paymentUrl, gatewayOrderId: opened.gatewayOrderId })
        .where(eq(orders.id, orderId));
    } catch (error) {
      await db.update(orders).set({ status: "failed" }).where(eq(orders.id, orderId));
      throw error instanceof DomainError
        ? error
        : new DomainError("gateway_error", "The payment gateway could not open the payment.");
    }
  }

  return {
    orderId,
    token,
    reference,
    paymentUrl,
    amount: priced.amount,
    currency: priced.currency,
    licenseKeys: written.licenseKeys,
    subscriptionId: written.subscriptionId,
  };
}

const RETRYABLE_UNIQUE = ["orders_reference_key", "orders_token_key", "licenses_key_key"];

/** Fresh values or a fresh read fix it: a random value collided, or the customer we planned to create exists now. */
function isRetryable(error: unknown): boolean {
  if (RETRYABLE_UNIQUE.some((name) => isUniqueViolation(error, name))) return true;
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const o = e as { code?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown };
    if (o.code === "23503") {
      const name = o.constraint ?? o.constraint_name;
      return typeof name === "string" && name.endsWith("_customer_id_customers_id_fk");
    }
    e = o.cause;
  }
  return false;
}

async function priceItem(
  tx: Executor,
  vendorId: string,
  item: CheckoutItem,
  now: Date,
  contact: NormalisedContact,
): Promise<Priced> {
  // Read with the item's first query: no separate round trip for the vendor or the customer.
  const context = orderContext(vendorId, contact.email, contact.phone);
  const fromContext = (row: { defaultGateway: string; customers: unknown }) => ({
    defaultGateway: row.defaultGateway as GatewayName,
    customers: customerCandidates(row.customers),
  });
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
      // The hot path (Biznoq purchase): a prepared statement.
      const [row] = await addonQuery(tx).execute({
        vendorId,
        number: item.productNumber,
        email: contact.email,
        phone: contact.phone,
      });
      const product = row?.product;
      if (!row || !product || product.archivedAt)
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
        licenseProduct: product,
        ...fromContext(row),
      };
    }
    case "subscription": {
      const [row] = await tx
        .select({ plan: plans, product: products, ...context })
        .from(plans)
        .innerJoin(products, eq(products.id, plans.productId))
        .innerJoin(vendors, eq(vendors.id, plans.vendorId))
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
        licenseProduct: row.product,
        ...fromContext(row),
      };
    }
    case "package": {
      const [found] = await tx
        .select({ product: products, ...context })
        .from(products)
        .innerJoin(vendors, eq(vendors.id, products.vendorId))
        .where(and(eq(products.vendorId, vendorId), eq(products.id, item.packageId)));
      const product = found?.product;
      if (!found || !product || product.archivedAt)
        throw new DomainError("not_found", "The package was not found.");
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
        licenseProduct: null,
        ...fromContext(found),
      };
    }
    case "renewal": {
      const key = normaliseKey(item.licenseKey);
      const [row] = await tx
        .select({ license: licenses, product: products, ...context })
        .from(licenses)
        .innerJoin(products, eq(products.id, licenses.productId))
        .innerJoin(vendors, eq(vendors.id, licenses.vendorId))
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
        licenseProduct: null,
        ...fromContext(row),
      };
    }
  }
}

/** The vendor's default gateway and the customers matching the buyer, read beside the item. */
function orderContext(vendorId: unknown, email: unknown, phone: unknown) {
  return {
    defaultGateway: vendors.defaultGateway,
    customers: customerCandidatesSql(vendorId, email, phone),
  };
}

function prepareAddon(db: Executor) {
  return db
    .select({
      product: products,
      ...orderContext(sql.placeholder("vendorId"), sql.placeholder("email"), sql.placeholder("phone")),
    })
    .from(products)
    .innerJoin(vendors, eq(vendors.id, products.vendorId))
    .where(
      and(
        eq(products.vendorId, sql.placeholder("vendorId")),
        eq(products.kind, "addon"),
        eq(products.number, sql.placeholder("number")),
      ),
    )
    .prepare("keyway_order_addon");
}
const addonQuery = oncePerExecutor(prepareAddon);

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

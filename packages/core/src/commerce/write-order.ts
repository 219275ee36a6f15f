import {
  activations,
  and,
  customers,
  type Executor,
  eq,
  events,
  isNull,
  licenses,
  orders,
  products,
  type SQL,
  sql,
  subscriptions,
  vendors,
} from "@keyway/db";
import { DomainError } from "../shared/errors";
import { oneStatementWriter, placeholdersOf, withSteps } from "../shared/one-statement-writer";
import { findPgError, pgErrorCodes } from "../shared/pg-errors";
import type { OrderRows } from "./order-rows";

/**
 * Writes one order's rows as one statement: the customer, order, license, seat, subscription and
 * audit events commit together or not at all, as a transaction would, without the round trips
 * of `begin`/`commit`. Foreign keys are checked at the end of the statement, so the order may
 * reference the customer and license it inserts beside them.
 */
export async function writeOrder(
  db: Executor,
  rows: OrderRows,
): Promise<{ subscriptionId: number | null; paymentUrl: string | null }> {
  const [row] = await write<{ subscriptionId: number | null; paymentUrl: string | null }>(db, rows);
  if (!row) throw new DomainError("internal", "Order insert returned nothing.");
  return {
    paymentUrl: row.paymentUrl,
    subscriptionId: row.subscriptionId === null ? null : Number(row.subscriptionId),
  };
}

const write = oneStatementWriter<OrderRows>("keyway_order_write", (db, rows) => {
  const steps: [string, SQL][] = [];
  const [customer] = rows.customer;
  const [customerEmail] = rows.customerEmail;
  const [license] = rows.license;
  const [activation] = rows.activation;
  const [subscription] = rows.subscription;
  const [renewal] = rows.renewalOf;
  const [match] = rows.customerMatch;
  const [check] = rows.catalogCheck;
  // The customer's id: planned before the write, or found by it (`customerMatch`).
  let customerId: SQL | null = null;
  if (match) {
    const m = placeholdersOf("customerMatch", 0, match);
    const email = sql`${m.email}::text`;
    const phone = sql`${m.phone}::text`;
    steps.push([
      "m",
      sql`select ${customers.id} as id, ${customers.email} as email, ${customers.phone} as phone from ${customers} where ${customers.vendorId} = ${m.vendorId}::text and (${customers.email} = ${email} or ${customers.phone} = ${phone})`,
    ]);
    // None matches: a new customer (one created meanwhile by another order makes the foreign
    // keys below fail, and the caller retries).
    steps.push([
      "c",
      sql`insert into ${customers} (id, vendor_id, email, phone, name) select ${m.newId}::text, ${m.vendorId}::text, ${email}, ${phone}, ${m.name}::text where not exists (select 1 from m) on conflict do nothing`,
    ]);
    // Found by phone only, with no email yet: it gets this one.
    steps.push([
      "ce",
      sql`update ${customers} set email = ${email}, updated_at = ${m.now}::timestamptz where ${customers.id} = (select id from m where phone = ${phone} and email is null limit 1) and ${email} is not null and not exists (select 1 from m where email = ${email})`,
    ]);
    customerId = sql`coalesce((select id from m where email = ${email} limit 1), (select id from m where phone = ${phone} limit 1), ${m.newId}::text)`;
  }
  const withCustomer = <T extends object>(values: T) =>
    customerId ? { ...values, customerId: sql`(${customerId})` } : values;
  if (customer) {
    steps.push([
      "c",
      db
        .insert(customers)
        .values(placeholdersOf("customer", 0, customer))
        .onConflictDoNothing()
        .getSQL(),
    ]);
  }
  if (customerEmail) {
    const p = placeholdersOf("customerEmail", 0, customerEmail);
    steps.push([
      "ce",
      db
        .update(customers)
        .set({ email: p.email, updatedAt: p.updatedAt })
        .where(and(eq(customers.id, p.id), isNull(customers.email)))
        .getSQL(),
    ]);
  }
  if (license)
    steps.push([
      "l",
      db
        .insert(licenses)
        .values(withCustomer(placeholdersOf("license", 0, license)))
        .getSQL(),
    ]);
  if (activation)
    steps.push([
      "a",
      db
        .insert(activations)
        .values(placeholdersOf("activation", 0, activation))
        .getSQL(),
    ]);
  if (subscription) {
    steps.push([
      "s",
      db
        .insert(subscriptions)
        .values(withCustomer(placeholdersOf("subscription", 0, subscription)))
        .returning({ id: subscriptions.id })
        .getSQL(),
    ]);
  }
  const subscriptionId = subscription
    ? sql`(select id from s)`
    : renewal
      ? sql`(select ${subscriptions.id} from ${subscriptions} where ${subscriptions.licenseId} = ${placeholdersOf("renewalOf", 0, renewal).licenseId} limit 1)`
      : sql`null`;
  // A catalog row changed since it was remembered: the amount is null, and the not-null check
  // refuses the whole statement (`isCatalogChanged`); the caller reads afresh and retries.
  const orderValues = placeholdersOf("order", 0, rows.order[0]);
  let amount: SQL = orderValues.amount;
  if (check) {
    const c = placeholdersOf("catalogCheck", 0, check);
    amount = sql`case when exists (select 1 from ${products} where ${products.id} = ${c.productId}::text and ${products.archivedAt} is null and date_trunc('milliseconds', ${products.updatedAt}) = ${c.productUpdatedAt}::timestamptz) and exists (select 1 from ${vendors} where ${vendors.id} = ${c.vendorId}::text and date_trunc('milliseconds', ${vendors.updatedAt}) = ${c.vendorUpdatedAt}::timestamptz) then ${orderValues.amount}::int end`;
  }
  steps.push([
    "o",
    db
      .insert(orders)
      .values({ ...withCustomer(placeholdersOf("order", 0, rows.order[0])), subscriptionId, amount })
      .returning({ subscriptionId: orders.subscriptionId, paymentUrl: orders.paymentUrl })
      .getSQL(),
  ]);
  steps.push([
    "e",
    db
      .insert(events)
      .values(rows.events.map((row, i) => placeholdersOf("events", i, row)))
      .getSQL(),
  ]);
  return withSteps(
    steps,
    sql`select "subscription_id" as "subscriptionId", "payment_url" as "paymentUrl" from o`,
  );
});

/** The write refused an order priced from a remembered catalog row that has changed since. */
export function isCatalogChanged(error: unknown): boolean {
  return findPgError(error, [pgErrorCodes.notNullViolation]) !== null;
}

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
  type SQL,
  sql,
  subscriptions,
} from "@keyway/db";
import { DomainError } from "../shared/errors";
import { oneStatementWriter, placeholdersOf, withSteps } from "../shared/one-statement-writer";
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
        .values(placeholdersOf("license", 0, license))
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
        .values(placeholdersOf("subscription", 0, subscription))
        .returning({ id: subscriptions.id })
        .getSQL(),
    ]);
  }
  const subscriptionId = subscription
    ? sql`(select id from s)`
    : renewal
      ? sql`(select ${subscriptions.id} from ${subscriptions} where ${subscriptions.licenseId} = ${placeholdersOf("renewalOf", 0, renewal).licenseId} limit 1)`
      : sql`null`;
  steps.push([
    "o",
    db
      .insert(orders)
      .values({ ...placeholdersOf("order", 0, rows.order[0]), subscriptionId })
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

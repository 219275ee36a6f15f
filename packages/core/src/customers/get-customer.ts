import { customers, type Executor, eq } from "@keyway/db";
import type { CustomerDetail } from "@keyway/schema";
import { listOrders } from "../commerce/queries";
import { listLicenses } from "../licensing/list-licenses";
import { DomainError } from "../shared/errors";
import { customerView, selectCustomers } from "./list-customers";

/** How many licenses and orders the detail carries; the rest page on through the lists. */
const FIRST_PAGE = 100;

/**
 * One of the vendor's customers with their licenses and orders, each newest first and as the
 * license and order lists show them: a page whose `nextCursor` continues `listLicenses` /
 * `listOrders` filtered on this customer. Another vendor's customer is not found.
 */
export async function getCustomer(
  db: Executor,
  params: { vendorId: string; customerId: string; now?: Date },
): Promise<CustomerDetail> {
  const [row] = await selectCustomers(db, params.vendorId, [eq(customers.id, params.customerId)], 1);
  if (!row) throw new DomainError("not_found", "The customer was not found.");
  const scope = { vendorId: params.vendorId, customerId: row.id, limit: FIRST_PAGE };
  const [licenses, orders] = await Promise.all([
    listLicenses(db, { ...scope, ...(params.now ? { now: params.now } : {}) }),
    listOrders(db, scope),
  ]);
  return { customer: customerView(row), licenses, orders };
}

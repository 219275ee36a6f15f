import {
  and,
  type Database,
  desc,
  eq,
  inArray,
  licenses,
  ne,
  orders,
  plans,
  products,
  subscriptions,
} from "@keyway/db";
import type { CustomerLicense, CustomerOrder, LicenseEvent, Subscription } from "@keyway/schema";
import { issueCertificate } from "../certificates/issue-certificate";
import { toOrderView } from "../commerce/queries";
import { repeatSubscriptions, subscriptionRepeat } from "../commerce/subscription-repeat";
import { listSubscriptionViews } from "../commerce/subscriptions";
import { listLicenseEvents } from "../licensing/list-license-events";
import { listLicenses } from "../licensing/list-licenses";
import { renewalVerdict, subscriptionsOfLicenses } from "../licensing/renewability";
import { effectiveExpiryPolicy, termStanding } from "../lifecycle/expiry-policy";
import { DomainError } from "../shared/errors";
import type { SecretBox } from "../shared/secrets";

/** Who is signed in to the portal: every query here is scoped to this pair. */
export interface CustomerScope {
  vendorId: string;
  customerId: string;
}

/**
 * The customer's licenses, each with `graceEndsAt` while it is in grace (past expiry, still
 * valid): the portal says how long is left to renew. The policies come in two queries, not per license.
 * A pending license was reserved by an order never paid: it is shown under Orders, not here.
 */
export async function listMyLicenses(
  db: Database,
  scope: CustomerScope,
  params: { now?: Date } = {},
): Promise<CustomerLicense[]> {
  const now = params.now ?? new Date();
  const { items: all } = await listLicenses(db, { ...scope, limit: 100, now });
  const items = all.filter((l) => l.status !== "pending");
  const policyFields = {
    id: products.id,
    expiryStrategy: products.expiryStrategy,
    gracePeriodDays: products.gracePeriodDays,
    clockStartsAt: products.clockStartsAt,
  };
  const productIds = [...new Set(items.map((l) => l.product.id))];
  const planIds = [...new Set(items.flatMap((l) => (l.plan ? [l.plan.id] : [])))];
  const [productRows, planRows, subscriptionByLicense] = await Promise.all([
    productIds.length ? db.select(policyFields).from(products).where(inArray(products.id, productIds)) : [],
    planIds.length
      ? db
          .select({
            id: plans.id,
            expiryStrategy: plans.expiryStrategy,
            gracePeriodDays: plans.gracePeriodDays,
            clockStartsAt: plans.clockStartsAt,
          })
          .from(plans)
          .where(inArray(plans.id, planIds))
      : [],
    subscriptionsOfLicenses(
      db,
      items.map((l) => l.id),
    ),
  ]);
  const productById = new Map(productRows.map((p) => [p.id, p]));
  const planById = new Map(planRows.map((p) => [p.id, p]));
  return items.map((l) => {
    // Suspended, revoked and pending licenses have no grace: only the term's end is at stake.
    const inTerm = l.status === "active" || l.status === "expired";
    const policy = effectiveExpiryPolicy(
      productById.get(l.product.id) ?? null,
      l.plan ? (planById.get(l.plan.id) ?? null) : null,
    );
    const standing = termStanding({ expiresAt: l.expiresAt ? new Date(l.expiresAt) : null }, policy, now);
    const graceEndsAt = inTerm && standing.state === "grace" ? standing.graceEndsAt : null;
    const renewal = renewalVerdict(
      {
        status: l.status,
        expiresAt: l.expiresAt ? new Date(l.expiresAt) : null,
        clockPending: l.clockPending,
      },
      subscriptionByLicense.get(l.id) ?? null,
    );
    return {
      ...l,
      renewable: renewal.renewable,
      renewalRefusal: renewal.renewable ? null : { reason: renewal.reason, message: renewal.message },
      graceEndsAt: graceEndsAt?.toISOString() ?? null,
    };
  });
}

/** The license if it belongs to the customer; a stranger's license looks like no license. */
async function ownLicenseId(db: Database, scope: CustomerScope, licenseId: string): Promise<string> {
  const [row] = await db
    .select({ id: licenses.id })
    .from(licenses)
    .where(
      and(
        eq(licenses.id, licenseId),
        eq(licenses.vendorId, scope.vendorId),
        eq(licenses.customerId, scope.customerId),
      ),
    );
  if (!row) throw new DomainError("license_not_found", "The license was not found.");
  return row.id;
}

export async function listMyLicenseEvents(
  db: Database,
  scope: CustomerScope,
  params: { licenseId: string },
): Promise<LicenseEvent[]> {
  const licenseId = await ownLicenseId(db, scope, params.licenseId);
  const { items } = await listLicenseEvents(db, { vendorId: scope.vendorId, licenseId, limit: 100 });
  return items;
}

export async function myLicenseCertificate(
  db: Database,
  secrets: SecretBox,
  scope: CustomerScope,
  params: { licenseId: string },
): Promise<{ certificate: string }> {
  const licenseId = await ownLicenseId(db, scope, params.licenseId);
  return issueCertificate(db, secrets, { vendorId: scope.vendorId, licenseId });
}

/** The customer's orders with what was bought, newest first (the receipts page). */
export async function listMyOrders(db: Database, scope: CustomerScope): Promise<CustomerOrder[]> {
  const rows = await db
    .select({ order: orders, productName: products.name })
    .from(orders)
    .leftJoin(products, eq(products.id, orders.productId))
    .where(and(eq(orders.vendorId, scope.vendorId), eq(orders.customerId, scope.customerId)))
    .orderBy(desc(orders.createdAt))
    .limit(200);
  const now = new Date();
  const subs = await repeatSubscriptions(
    db,
    rows.map((r) => r.order.subscriptionId),
  );
  return rows.map((r) => {
    const view = toOrderView(r.order, now);
    const subscription = r.order.subscriptionId === null ? null : (subs.get(r.order.subscriptionId) ?? null);
    return {
      ...view,
      itemName: r.productName ?? "License",
      repeats: subscriptionRepeat({ ...r.order, status: view.status }, subscription, now),
    };
  });
}

/** Subscriptions whose first order was never paid stay pending: they are shown under Orders, not here. */
export async function listMySubscriptions(db: Database, scope: CustomerScope): Promise<Subscription[]> {
  return listSubscriptionViews(
    db,
    and(
      eq(subscriptions.vendorId, scope.vendorId),
      eq(subscriptions.customerId, scope.customerId),
      ne(subscriptions.status, "pending"),
    ),
  );
}

import { and, type Database, desc, eq, licenses, orders, products, subscriptions } from "@keyway/db";
import type { CustomerOrder, License, LicenseEvent, Subscription } from "@keyway/schema";
import { issueCertificate } from "../certificates/issue-certificate";
import { toOrderView } from "../commerce/queries";
import { subscriptionView } from "../commerce/subscriptions";
import { listLicenseEvents } from "../licensing/list-license-events";
import { listLicenses } from "../licensing/list-licenses";
import { DomainError } from "../shared/errors";
import type { SecretBox } from "../shared/secrets";

/** Who is signed in to the portal: every query here is scoped to this pair. */
export interface CustomerScope {
  vendorId: string;
  customerId: string;
}

export async function listMyLicenses(db: Database, scope: CustomerScope): Promise<License[]> {
  const { items } = await listLicenses(db, { ...scope, limit: 100 });
  return items;
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
  return rows.map((r) => ({ ...toOrderView(r.order), itemName: r.productName ?? "License" }));
}

export async function listMySubscriptions(db: Database, scope: CustomerScope): Promise<Subscription[]> {
  const rows = await db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.vendorId, scope.vendorId), eq(subscriptions.customerId, scope.customerId)))
    .orderBy(desc(subscriptions.id));
  return rows.map(subscriptionView);
}

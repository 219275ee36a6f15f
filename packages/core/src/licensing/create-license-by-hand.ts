import { and, customers, type Database, eq, plans } from "@keyway/db";
import { type CreateLicenseByHandInput, type License, normaliseBinding } from "@keyway/schema";
import { findProduct } from "../catalog/products";
import { DomainError } from "../shared/errors";
import { getLicense } from "./get-license";
import { issueLicense } from "./issue-license";

/**
 * The console's "new license": licensing's `issueLicense`, active at once, for an existing or
 * new customer (found by email), in one transaction with its audit event.
 */
export async function createLicenseByHand(
  db: Database,
  params: CreateLicenseByHandInput & { vendorId: string; actor: string },
): Promise<License> {
  const issued = await db.transaction(async (tx) => {
    const product = await findProduct(tx, params.vendorId, params.productId);
    let binding: { value: string; label: string } | null = null;
    if (params.binding) {
      const normalised = normaliseBinding(product.bindingKind, params.binding);
      if (!normalised.ok) {
        throw new DomainError("invalid_input", `Not a valid ${product.bindingKind}: ${normalised.reason}.`, {
          field: "binding",
        });
      }
      binding = { value: normalised.value, label: params.binding };
    }
    if (params.planId) {
      const [plan] = await tx
        .select({ productId: plans.productId })
        .from(plans)
        .where(and(eq(plans.id, params.planId), eq(plans.vendorId, params.vendorId)));
      if (!plan) throw new DomainError("not_found", "Plan not found.");
      if (plan.productId !== params.productId) {
        throw new DomainError("invalid_input", "The plan belongs to another product.", { field: "planId" });
      }
    }
    let customerId: string | null = null;
    if (params.customerEmail) {
      const [found] = await tx
        .select({ id: customers.id })
        .from(customers)
        .where(and(eq(customers.vendorId, params.vendorId), eq(customers.email, params.customerEmail)));
      if (found) customerId = found.id;
      else {
        const [created] = await tx
          .insert(customers)
          .values({
            vendorId: params.vendorId,
            email: params.customerEmail,
            name: params.customerName ?? null,
          })
          .returning({ id: customers.id });
        customerId = created?.id ?? null;
      }
    }
    return issueLicense(tx, {
      vendorId: params.vendorId,
      productId: params.productId,
      planId: params.planId ?? null,
      customerId,
      status: "active",
      ...(params.expiresAt !== undefined
        ? { expiresAt: params.expiresAt ? new Date(params.expiresAt) : null }
        : {}),
      ...(params.maxSeats ? { maxSeats: params.maxSeats } : {}),
      binding,
      actor: params.actor,
    });
  });
  return getLicense(db, { vendorId: params.vendorId, licenseId: issued.id });
}

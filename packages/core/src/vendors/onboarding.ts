import {
  and,
  apiCredentials,
  type Executor,
  eq,
  isNotNull,
  isNull,
  planPrices,
  plans,
  products,
  vendors,
  webhookEndpoints,
} from "@keyway/db";
import type { Onboarding } from "@keyway/schema";
import { DomainError } from "../shared/errors";

/**
 * The first steps of a new store, each done when the data says so: a product on sale, a price to
 * pay (a product's own price or a plan's), a payment gateway of the vendor's own (the sandbox
 * moves no money), an API credential for the vendor's software, and a webhook endpoint.
 */
export async function onboardingSteps(db: Executor, params: { vendorId: string }): Promise<Onboarding> {
  const { vendorId } = params;
  const [vendor] = await db
    .select({ gateways: vendors.gatewayConfigEncrypted })
    .from(vendors)
    .where(eq(vendors.id, vendorId));
  if (!vendor) throw new DomainError("not_found", "Vendor not found.");
  const exists = async (rows: Promise<unknown[]>) => (await rows).length > 0;
  const [product, productPrice, planPrice, credential, webhook] = await Promise.all([
    exists(
      db
        .select({ id: products.id })
        .from(products)
        .where(and(eq(products.vendorId, vendorId), isNull(products.archivedAt)))
        .limit(1),
    ),
    exists(
      db
        .select({ id: products.id })
        .from(products)
        .where(and(eq(products.vendorId, vendorId), isNull(products.archivedAt), isNotNull(products.price)))
        .limit(1),
    ),
    exists(
      db
        .select({ id: planPrices.planId })
        .from(planPrices)
        .innerJoin(plans, eq(plans.id, planPrices.planId))
        .where(and(eq(plans.vendorId, vendorId), isNull(plans.archivedAt)))
        .limit(1),
    ),
    exists(
      db
        .select({ id: apiCredentials.id })
        .from(apiCredentials)
        .where(and(eq(apiCredentials.vendorId, vendorId), isNull(apiCredentials.revokedAt)))
        .limit(1),
    ),
    exists(
      db
        .select({ id: webhookEndpoints.id })
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.vendorId, vendorId), isNull(webhookEndpoints.deletedAt)))
        .limit(1),
    ),
  ]);
  const steps: Onboarding["steps"] = [
    { key: "product", label: "Add a product", done: product },
    { key: "price", label: "Give it a price", done: productPrice || planPrice },
    { key: "gateway", label: "Connect a payment gateway", done: vendor.gateways !== null },
    { key: "credential", label: "Create an API credential for your software", done: credential },
    { key: "webhook", label: "Add a webhook endpoint", done: webhook },
  ];
  return { steps, complete: steps.every((s) => s.done) };
}

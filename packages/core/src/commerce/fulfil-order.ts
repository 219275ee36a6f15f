import { type Executor, eq, type orders, subscriptions } from "@keyway/db";
import { recordEvent } from "../events/record-event";
import { activateLicense } from "../licensing/activate-license";
import { issueLicense } from "../licensing/issue-license";
import { renewLicense } from "../licensing/renew-license";
import { DomainError } from "../shared/errors";

type OrderRow = typeof orders.$inferSelect;
type GrantedLicense = { id: string; key: string; startsAt: Date | null; expiresAt: Date | null };

/**
 * Grants what a paid order sold, on the terms it was priced at (`orders.duration_*`, the package's
 * dates): never today's catalog, which may have changed since the buyer saw the price. Runs in
 * `applyPaymentResult`'s transaction. Returns the license keys it concerns and the first one's id.
 */
export async function fulfilOrder(
  tx: Executor,
  order: OrderRow,
  actor: string,
  now: Date,
): Promise<{ keys: string[]; firstLicenseId: string | null }> {
  const granted = await grant(tx, order, actor, now);
  return { keys: granted.map((k) => k.key), firstLicenseId: granted[0]?.id ?? null };
}

async function grant(
  tx: Executor,
  order: OrderRow,
  actor: string,
  now: Date,
): Promise<{ id: string; key: string }[]> {
  // Orders opened before the term was stored carry none: their license holds the same one.
  const term = { durationValue: order.durationValue, durationUnit: order.durationUnit };
  switch (order.kind) {
    case "addon": {
      if (!order.licenseId) throw new DomainError("internal", "Add-on order without a reserved license.");
      return [await activateLicense(tx, { licenseId: order.licenseId, ...term, actor, now })];
    }
    case "subscription": {
      if (!order.licenseId || order.subscriptionId === null) {
        throw new DomainError("internal", "Subscription order without its license.");
      }
      const license = await activateLicense(tx, { licenseId: order.licenseId, ...term, actor, now });
      await startPeriod(tx, order, license, "subscription.created", actor, now);
      return [license];
    }
    case "renewal": {
      if (!order.licenseId) throw new DomainError("internal", "Renewal order without its license.");
      if (!term.durationValue || !term.durationUnit)
        throw new DomainError("internal", "Renewal order without its term.");
      const renewed = await renewLicense(tx, {
        licenseId: order.licenseId,
        durationValue: term.durationValue,
        durationUnit: term.durationUnit,
        actor,
        now,
      });
      if (order.subscriptionId !== null)
        await startPeriod(tx, order, renewed, "subscription.renewed", actor, now);
      return [renewed];
    }
    case "package": {
      if (!order.productId) throw new DomainError("internal", "Package order without its package.");
      const keys: { id: string; key: string }[] = [];
      for (let i = 0; i < order.quantity; i++) {
        const issued = await issueLicense(tx, {
          vendorId: order.vendorId,
          productId: order.productId,
          customerId: order.customerId,
          orderId: order.id,
          planId: order.planId,
          status: "active",
          startsAt: order.startsAt ?? now,
          expiresAt: order.endsAt,
          testMode: order.testMode,
          actor,
          now,
        });
        keys.push({ id: issued.id, key: issued.key });
      }
      return keys;
    }
  }
}

/** The order's subscription is active for the license's new period: its first, or one more. */
async function startPeriod(
  tx: Executor,
  order: OrderRow,
  license: GrantedLicense,
  type: "subscription.created" | "subscription.renewed",
  actor: string,
  now: Date,
) {
  const subscriptionId = order.subscriptionId;
  if (subscriptionId === null) return;
  const first = type === "subscription.created";
  await tx
    .update(subscriptions)
    .set({
      // Active again however late it was paid (past due, expired); its renewal order is spent.
      status: "active",
      ...(first ? { currentPeriodStart: license.startsAt ?? now } : {}),
      currentPeriodEnd: license.expiresAt,
      renewalOrderId: null,
      updatedAt: now,
    })
    .where(eq(subscriptions.id, subscriptionId));
  await recordEvent(tx, {
    vendorId: order.vendorId,
    type,
    subjectType: "subscription",
    subjectId: String(subscriptionId),
    licenseId: license.id,
    actor,
    data: {
      subscription_id: subscriptionId,
      license_key: license.key,
      ...(first ? { billing_cycle: order.billingCycle } : {}),
      current_period_end: license.expiresAt?.toISOString() ?? null,
    },
    now,
  });
}

import {
  type DurationUnit,
  desc,
  type Executor,
  inArray,
  type SubscriptionStatus,
  subscriptions,
} from "@keyway/db";
import type { ErrorCode, RenewalRefusal } from "@keyway/schema";
import { addDuration } from "../shared/duration";
import { DomainError } from "../shared/errors";
import type { LicenseStatus } from "./license-status";

/**
 * Whether a license takes a renewal (a renewal order, the "Renew" a customer is offered): the one
 * rule every surface reads — the customer's licenses, the `/renew` page, and the creation of a
 * renewal order, which refuses the others. And what a renewal would make the expiry: the same
 * function the payment applies (`renewLicense`), so the page can show it before paying.
 */

/** What of a license the rule looks at. */
export interface RenewalFacts {
  /** Stored, or as read at a moment (an expired license is stored `active`, and renews). */
  status: LicenseStatus;
  expiresAt: Date | null;
  /** The term waits for the first activation: it does expire, it has not started yet. */
  clockPending: boolean;
}

/** The subscription holding the license, if any. */
export interface SubscriptionFacts {
  status: SubscriptionStatus;
  cancelAtPeriodEnd: boolean;
}

export type RenewalVerdict = { renewable: true } | ({ renewable: false; code: ErrorCode } & RenewalRefusal);

const refuse = (reason: RenewalRefusal["reason"], code: ErrorCode, message: string): RenewalVerdict => ({
  renewable: false,
  reason,
  code,
  message,
});

/** The subscription charges for the next period by itself: renewing by hand would pay twice. */
export function subscriptionRenews(subscription: SubscriptionFacts | null): boolean {
  return (
    subscription !== null &&
    (subscription.status === "active" || subscription.status === "past_due") &&
    !subscription.cancelAtPeriodEnd
  );
}

export function renewalVerdict(
  license: RenewalFacts,
  subscription: SubscriptionFacts | null,
): RenewalVerdict {
  switch (license.status) {
    case "revoked":
      return refuse("revoked", "license_revoked", "This license has been revoked and cannot be renewed.");
    case "suspended":
      return refuse(
        "suspended",
        "license_suspended",
        "This license is suspended; ask the seller to reinstate it before renewing.",
      );
    case "pending":
      return refuse(
        "pending",
        "license_pending",
        "This license is awaiting payment of its order; pay that order instead.",
      );
    case "active":
    case "expired":
      break;
  }
  if (license.expiresAt === null && !license.clockPending)
    return refuse("perpetual", "conflict", "This license never expires: there is nothing to renew.");
  if (subscriptionRenews(subscription))
    return refuse(
      "subscription",
      "conflict",
      "Your subscription renews this license: see My subscriptions for its next charge.",
    );
  return { renewable: true };
}

/** Throws the refusal as a DomainError (a renewal order for a license that takes none). */
export function checkRenewable(license: RenewalFacts, subscription: SubscriptionFacts | null): void {
  const verdict = renewalVerdict(license, subscription);
  if (!verdict.renewable) throw new DomainError(verdict.code, verdict.message, { reason: verdict.reason });
}

/** The expiry a renewal of `term` gives at `now`: one term from the later of now and the current expiry. */
export function renewedExpiry(
  license: { expiresAt: Date | null },
  term: { durationValue: number; durationUnit: DurationUnit },
  now: Date,
): Date {
  const from = license.expiresAt && license.expiresAt > now ? license.expiresAt : now;
  return addDuration(from, term.durationValue, term.durationUnit);
}

/** The subscription of each license (its newest, should there be several), in one query. */
export async function subscriptionsOfLicenses(
  db: Executor,
  licenseIds: readonly string[],
): Promise<Map<string, SubscriptionFacts>> {
  const found = new Map<string, SubscriptionFacts>();
  if (licenseIds.length === 0) return found;
  const rows = await db
    .select({
      licenseId: subscriptions.licenseId,
      status: subscriptions.status,
      cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
    })
    .from(subscriptions)
    .where(inArray(subscriptions.licenseId, [...licenseIds]))
    .orderBy(desc(subscriptions.createdAt), desc(subscriptions.id));
  for (const row of rows) {
    if (row.licenseId && !found.has(row.licenseId))
      found.set(row.licenseId, { status: row.status, cancelAtPeriodEnd: row.cancelAtPeriodEnd });
  }
  return found;
}

export async function subscriptionOfLicense(
  db: Executor,
  licenseId: string,
): Promise<SubscriptionFacts | null> {
  return (await subscriptionsOfLicenses(db, [licenseId])).get(licenseId) ?? null;
}

import type { ClockStartsAt, ExpiryPolicy, ExpiryStrategy } from "@keyway/schema";
import { DAY_MS } from "../shared/duration";

/**
 * A license's expiry policy: the product's, each field overridable by the plan. One place decides
 * what "expired" means for every surface (verification, lists, the scheduler).
 */

export const DEFAULT_EXPIRY_POLICY: ExpiryPolicy = {
  expiryStrategy: "restrict",
  gracePeriodDays: 0,
  clockStartsAt: "purchase",
};

interface PolicyFields {
  expiryStrategy: ExpiryStrategy | null;
  gracePeriodDays: number | null;
  clockStartsAt: ClockStartsAt | null;
}

/** The plan's overrides over the product's policy. */
export function effectiveExpiryPolicy(
  product: Partial<PolicyFields> | null,
  plan: Partial<PolicyFields> | null,
): ExpiryPolicy {
  return {
    expiryStrategy: plan?.expiryStrategy ?? product?.expiryStrategy ?? DEFAULT_EXPIRY_POLICY.expiryStrategy,
    gracePeriodDays:
      plan?.gracePeriodDays ?? product?.gracePeriodDays ?? DEFAULT_EXPIRY_POLICY.gracePeriodDays,
    clockStartsAt: plan?.clockStartsAt ?? product?.clockStartsAt ?? DEFAULT_EXPIRY_POLICY.clockStartsAt,
  };
}

/** When grace ends for a term that ends at `expiresAt` (= `expiresAt` without grace). */
export function graceEndsAt(expiresAt: Date, policy: Pick<ExpiryPolicy, "gracePeriodDays">): Date {
  return new Date(expiresAt.getTime() + policy.gracePeriodDays * DAY_MS);
}

/**
 * Where an active license stands in its term at `now`:
 * - `current`: before expiry (or perpetual, or its clock not started);
 * - `grace`: past expiry, within the grace period: valid, answered with `grace: true`;
 * - `maintained`: past expiry and grace under `maintain`: valid, answered with `expired: true`;
 * - `expired`: past expiry and grace under `restrict`: refused.
 * `expired` in the result says the term's end has passed (true in grace and when maintained).
 */
export type TermState = "current" | "grace" | "maintained" | "expired";

export interface TermStanding {
  state: TermState;
  /** The term's end has passed. */
  expired: boolean;
  /** Set when the license is in grace: when grace ends. */
  graceEndsAt: Date | null;
  /** The license may be used (every state but `expired`). */
  valid: boolean;
}

export function termStanding(
  license: { expiresAt: Date | null },
  policy: Pick<ExpiryPolicy, "gracePeriodDays" | "expiryStrategy">,
  now: Date,
): TermStanding {
  const expiresAt = license.expiresAt;
  if (!expiresAt || expiresAt.getTime() > now.getTime()) {
    return { state: "current", expired: false, graceEndsAt: null, valid: true };
  }
  const graceEnd = graceEndsAt(expiresAt, policy);
  if (graceEnd.getTime() > now.getTime()) {
    return { state: "grace", expired: true, graceEndsAt: graceEnd, valid: true };
  }
  if (policy.expiryStrategy === "maintain") {
    return { state: "maintained", expired: true, graceEndsAt: null, valid: true };
  }
  return { state: "expired", expired: true, graceEndsAt: null, valid: false };
}

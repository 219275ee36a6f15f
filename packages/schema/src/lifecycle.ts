import { z } from "zod";

/** Contracts of a license's life over time: expiry policies and reminder settings. */

export const ExpiryStrategy = z.enum(["restrict", "maintain"]).meta({
  description:
    "After expiry (and grace): `restrict` refuses the license; `maintain` keeps it valid, answered with `expired: true` so the software keeps the version it has and stops updates.",
});
export type ExpiryStrategy = z.infer<typeof ExpiryStrategy>;

export const ClockStartsAt = z.enum(["purchase", "first_activation"]).meta({
  description:
    "When the term starts: at `purchase`, or at the `first_activation` (first successful activation or verification).",
});
export type ClockStartsAt = z.infer<typeof ClockStartsAt>;

export const GracePeriodDays = z.number().int().min(0).max(365).meta({
  description: "Days after expiry during which a verification still succeeds, answered with `grace: true`.",
  example: 7,
});

/** A product's expiry policy (every field set). */
export const ExpiryPolicy = z.object({
  expiryStrategy: ExpiryStrategy,
  gracePeriodDays: GracePeriodDays,
  clockStartsAt: ClockStartsAt,
});
export type ExpiryPolicy = z.infer<typeof ExpiryPolicy>;

/** A plan's overrides of its product's policy; null = the product's. */
export const ExpiryPolicyOverrides = z.object({
  expiryStrategy: ExpiryStrategy.nullable(),
  gracePeriodDays: GracePeriodDays.nullable(),
  clockStartsAt: ClockStartsAt.nullable(),
});
export type ExpiryPolicyOverrides = z.infer<typeof ExpiryPolicyOverrides>;

/** Reminder offsets: whole days before expiry, 1–90, at most 5, distinct. */
export const ReminderOffsetsDays = z
  .array(z.number().int().min(1).max(90))
  .max(5)
  .refine((days) => new Set(days).size === days.length, "Each offset once.")
  .meta({ description: "Days before expiry a reminder goes out, e.g. [7, 1].", example: [7, 1] });

import { z } from "zod";

/** Contracts of the console's renewals view: terms ending soon, past-due subscriptions, recovered revenue. */

const isoDate = z.iso.datetime({ offset: true });

export const RenewalsInput = z.object({
  /** The window ahead (licenses due) and behind (recovered revenue), in days. */
  days: z.number().int().min(1).max(90).default(30),
});

/** An active license whose term ends within the window. */
export const DueRenewal = z.object({
  licenseId: z.string(),
  key: z.string(),
  productName: z.string(),
  planName: z.string().nullable(),
  /** The customer's email, else phone, else name. */
  customer: z.string().nullable(),
  expiresAt: isoDate,
  /** When the latest expiry reminder for the current term went out; null = none yet. */
  reminderSentAt: isoDate.nullable(),
  testMode: z.boolean(),
});
export type DueRenewal = z.infer<typeof DueRenewal>;

/** A subscription whose period ended unpaid. */
export const PastDueSubscription = z.object({
  subscriptionId: z.number().int(),
  licenseId: z.string().nullable(),
  planName: z.string(),
  productName: z.string(),
  customer: z.string().nullable(),
  currentPeriodEnd: isoDate.nullable(),
  /** After this the subscription expires unless paid (the period end plus the grace period). */
  graceEndsAt: isoDate.nullable(),
  /** The open renewal order's pay link; null when none is open. */
  paymentUrl: z.string().nullable(),
  amount: z.number().int().nullable(),
  currency: z.string().nullable(),
});
export type PastDueSubscription = z.infer<typeof PastDueSubscription>;

export const Renewals = z.object({
  days: z.number().int(),
  /** Soonest first; at most 100. */
  dueSoon: z.array(DueRenewal),
  /** Longest overdue first; at most 100. */
  pastDue: z.array(PastDueSubscription),
  /**
   * Renewal orders paid within the window after a reminder or a past-due notice: minor units per
   * currency; test-mode (sandbox) orders apart.
   */
  recovered: z.object({
    revenue: z.record(z.string(), z.number().int()),
    count: z.number().int(),
    testRevenue: z.record(z.string(), z.number().int()),
    testCount: z.number().int(),
  }),
});
export type Renewals = z.infer<typeof Renewals>;

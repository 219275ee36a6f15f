import { z } from "zod";

/** Contracts of the console's renewals view: terms ending soon, past-due subscriptions, recovered revenue. */

const isoDate = z.iso.datetime({ offset: true }).meta({ example: "2026-06-05T13:17:32.000Z" });

export const RenewalsInput = z.object({
  /** The window ahead (licenses due) and behind (recovered revenue), in days. */
  days: z.coerce.number<number>().int().min(1).max(90).default(30),
});

/** An active license whose term ends within the window. */
export const DueRenewal = z.object({
  licenseId: z.string().meta({ example: "lic_spgnfr8bzmkyc5jmngsw" }),
  key: z.string().meta({ example: "GA-X3R9-K9L2-M4P1" }),
  productName: z.string().meta({ example: "Smart Item Trading Analyzer" }),
  planName: z.string().nullable().meta({ example: null }),
  /** The customer's email, else phone, else name. */
  customer: z.string().nullable().meta({ example: "buyer@example.com" }),
  expiresAt: isoDate,
  /** When the latest expiry reminder for the current term went out; null = none yet. */
  reminderSentAt: isoDate.nullable().meta({ example: "2026-05-29T13:17:32.000Z" }),
  testMode: z.boolean().meta({ example: false }),
});
export type DueRenewal = z.infer<typeof DueRenewal>;

/** A subscription whose period ended unpaid. */
export const PastDueSubscription = z.object({
  subscriptionId: z.number().int().meta({ example: 42 }),
  licenseId: z.string().nullable().meta({ example: "lic_spgnfr8bzmkyc5jmngsw" }),
  planName: z.string().meta({ example: "Monthly Plan" }),
  productName: z.string().meta({ example: "Example Product" }),
  customer: z.string().nullable().meta({ example: "buyer@example.com" }),
  currentPeriodEnd: isoDate.nullable(),
  /** After this the subscription expires unless paid (the period end plus the grace period). */
  graceEndsAt: isoDate.nullable(),
  /** The open renewal order's pay link; null when none is open. */
  paymentUrl: z.string().nullable().meta({ example: "https://keyway.example/pay/V1StGXR8_Z5jdHi6B-myT3qk" }),
  amount: z.number().int().nullable().meta({ example: 49900 }),
  currency: z.string().nullable().meta({ example: "INR" }),
});
export type PastDueSubscription = z.infer<typeof PastDueSubscription>;

export const Renewals = z.object({
  days: z.number().int().meta({ example: 30 }),
  /** Soonest first; at most 100. */
  dueSoon: z.array(DueRenewal),
  /** Longest overdue first; at most 100. */
  pastDue: z.array(PastDueSubscription),
  /**
   * Renewal orders paid within the window after a reminder or a past-due notice: minor units per
   * currency; test-mode (sandbox) orders apart.
   */
  recovered: z.object({
    revenue: z.record(z.string(), z.number().int()).meta({ example: { INR: 49900 } }),
    count: z.number().int().meta({ example: 1 }),
    testRevenue: z.record(z.string(), z.number().int()).meta({ example: {} }),
    testCount: z.number().int().meta({ example: 0 }),
  }),
});
export type Renewals = z.infer<typeof Renewals>;

import { z } from "zod";
import { LicensePage, LicenseStatus } from "./licensing";
import { OrderPage } from "./orders";
import { RecordId, singleLine } from "./primitives";

/** Contracts of the console's read models: dashboard figures, customers, license search. */

const isoDate = z.iso.datetime({ offset: true }).meta({ example: "2026-05-29T13:17:32.000Z" });

export const DashboardInput = z.object({ days: z.coerce.number<number>().int().min(1).max(366).default(30) });

export const DashboardDay = z.object({
  /** YYYY-MM-DD in the vendor's time zone. */
  day: z.string().meta({ example: "2026-05-29" }),
  /** Minor units per currency collected that day from live orders, less what was refunded that day. */
  revenue: z.record(z.string(), z.number().int()).meta({ example: { INR: 299900 } }),
  /** The same from test-mode orders (the sandbox): no money moved. */
  testRevenue: z.record(z.string(), z.number().int()).meta({ example: {} }),
  newLicenses: z.number().int().meta({ example: 1 }),
  verifications: z.number().int().meta({ example: 240 }),
});

export const Dashboard = z.object({
  timezone: z.string().meta({ example: "Asia/Kolkata" }),
  currency: z.string().meta({ example: "INR" }),
  days: z.array(DashboardDay),
  totals: z.object({
    /** Live money only; test-mode orders are counted apart. */
    revenue: z.record(z.string(), z.number().int()).meta({ example: { INR: 1499500 } }),
    testRevenue: z.record(z.string(), z.number().int()).meta({ example: {} }),
    newLicenses: z.number().int().meta({ example: 5 }),
    activeLicenses: z.number().int().meta({ example: 42 }),
    /** Orders paid (in full or refunded in part) in the window; fully refunded ones are counted apart. */
    paidOrders: z.number().int().meta({ example: 5 }),
    testPaidOrders: z.number().int().meta({ example: 0 }),
    refundedOrders: z.number().int().meta({ example: 0 }),
    testRefundedOrders: z.number().int().meta({ example: 0 }),
  }),
  failingWebhooks: z.array(
    z.object({
      endpointId: z.string().meta({ example: "we_0123456789abcdefghjk" }),
      url: z.string().meta({ example: "https://example.com/hooks" }),
      failedDeliveries: z.number().int().meta({ example: 3 }),
      consecutiveFailures: z.number().int().meta({ example: 3 }),
      lastError: z.string().nullable().meta({ example: "HTTP 503" }),
    }),
  ),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const Customer = z
  .object({
    id: z.string().meta({ example: "cus_n6xmjd7kj8wz2k8jry0j" }),
    email: z.string().nullable().meta({ example: "buyer@example.com" }),
    phone: z.string().nullable().meta({ example: "9460439200" }),
    name: z.string().nullable().meta({ example: "Demo Buyer" }),
    /** How many licenses they hold, in any state. */
    licenses: z.number().int().meta({ example: 1 }),
    /** Orders paid, in full or refunded in part (refunded in full does not count). */
    paidOrders: z.number().int().meta({ example: 1 }),
    createdAt: isoDate,
  })
  .meta({ id: "Customer" });
export type Customer = z.infer<typeof Customer>;

export const ListCustomersInput = z.object({
  /** Part of an email, phone or name, or a customer's id. */
  query: singleLine(z.string().trim().max(200)).optional(),
  limit: z.coerce.number<number>().int().min(1).max(100).default(50),
  /** `nextCursor` of the previous page. */
  cursor: singleLine(z.string().max(200)).optional(),
});
export type ListCustomersInput = z.input<typeof ListCustomersInput>;

/** A page of customers, newest first; `nextCursor` (null on the last page) goes back as `cursor`. */
export const CustomerPage = z
  .object({ items: z.array(Customer), nextCursor: z.string().nullable() })
  .meta({ id: "CustomerPage" });

export const CustomerIdInput = z.object({
  customerId: RecordId.meta({ example: "cus_n6xmjd7kj8wz2k8jry0j" }),
});

/**
 * A customer with their licenses and orders, newest first: the first page of each list filtered
 * on them (`GET /licenses?customerId=`, `GET /orders?customerId=` go on from `nextCursor`).
 */
export const CustomerDetail = z
  .object({ customer: Customer, licenses: LicensePage, orders: OrderPage })
  .meta({ id: "CustomerDetail" });
export type CustomerDetail = z.infer<typeof CustomerDetail>;

export const SearchLicensesInput = z.object({
  /** Matches a key, a customer's email/phone/name, a bound domain or serial. */
  query: singleLine(z.string().trim().max(256)).default(""),
  limit: z.coerce.number<number>().int().min(1).max(100).default(50),
});

export const LicenseSearchHit = z.object({
  id: z.string().meta({ example: "lic_spgnfr8bzmkyc5jmngsw" }),
  key: z.string().meta({ example: "GA-X3R9-K9L2-M4P1" }),
  status: LicenseStatus,
  productName: z.string().meta({ example: "Smart Item Trading Analyzer" }),
  customer: z.string().nullable().meta({ example: "buyer@example.com" }),
  bindings: z.array(z.string()).meta({ example: ["B-12345678"] }),
  expiresAt: isoDate.nullable(),
  createdAt: isoDate,
});
export type LicenseSearchHit = z.infer<typeof LicenseSearchHit>;
export const LicenseSearchHits = z.array(LicenseSearchHit);

/** A license issued by hand from the console (no order): a gift, a replacement, a migration. */
export const CreateLicenseByHandInput = z.object({
  productId: RecordId.meta({ example: "prd_0vq946tx1vwsres9k697" }),
  planId: RecordId.optional().meta({ example: "pln_d3ga91nk1ft0630vr80e" }),
  customerEmail: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email())
    .optional()
    .meta({ example: "buyer@example.com" }),
  customerName: singleLine(z.string().trim().max(120)).optional().meta({ example: "Demo Buyer" }),
  /** Null = perpetual; omitted = the product's own validity. */
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional().meta({ example: "2027-05-29T00:00:00Z" }),
  maxSeats: z.number().int().min(1).max(100_000).optional().meta({ example: 1 }),
  /** Bind the first seat now (domain or serial, per the product's binding kind). */
  binding: singleLine(z.string().trim().min(1).max(256)).optional().meta({ example: "example.com" }),
});
export type CreateLicenseByHandInput = z.infer<typeof CreateLicenseByHandInput>;

/** The dashboard's first-steps checklist: each step ticked from the store's own data. */
export const OnboardingStepKey = z.enum(["product", "price", "gateway", "credential", "webhook"]);
export const Onboarding = z.object({
  steps: z.array(z.object({ key: OnboardingStepKey, label: z.string(), done: z.boolean() })),
  /** Every step done: the console may fold the checklist away. */
  complete: z.boolean(),
});
export type Onboarding = z.infer<typeof Onboarding>;

import { z } from "zod";
import { LicenseStatus } from "./licensing";
import { RecordId, singleLine } from "./primitives";

/** Contracts of the console's read models: dashboard figures, customers, license search. */

const isoDate = z.iso.datetime({ offset: true });

export const DashboardInput = z.object({ days: z.number().int().min(1).max(366).default(30) });

export const DashboardDay = z.object({
  /** YYYY-MM-DD in the vendor's time zone. */
  day: z.string(),
  /** Minor units per currency collected that day from live orders, less what was refunded that day. */
  revenue: z.record(z.string(), z.number().int()),
  /** The same from test-mode orders (the sandbox): no money moved. */
  testRevenue: z.record(z.string(), z.number().int()),
  newLicenses: z.number().int(),
  verifications: z.number().int(),
});

export const Dashboard = z.object({
  timezone: z.string(),
  currency: z.string(),
  days: z.array(DashboardDay),
  totals: z.object({
    /** Live money only; test-mode orders are counted apart. */
    revenue: z.record(z.string(), z.number().int()),
    testRevenue: z.record(z.string(), z.number().int()),
    newLicenses: z.number().int(),
    activeLicenses: z.number().int(),
    /** Orders paid (in full or refunded in part) in the window; fully refunded ones are counted apart. */
    paidOrders: z.number().int(),
    testPaidOrders: z.number().int(),
    refundedOrders: z.number().int(),
    testRefundedOrders: z.number().int(),
  }),
  failingWebhooks: z.array(
    z.object({
      endpointId: z.string(),
      url: z.string(),
      failedDeliveries: z.number().int(),
      consecutiveFailures: z.number().int(),
      lastError: z.string().nullable(),
    }),
  ),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const Customer = z.object({
  id: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  name: z.string().nullable(),
  licenses: z.number().int(),
  paidOrders: z.number().int(),
  createdAt: isoDate,
});
export type Customer = z.infer<typeof Customer>;

export const ListCustomersInput = z.object({
  query: singleLine(z.string().trim().max(200)).optional(),
  limit: z.number().int().min(1).max(100).default(50),
  offset: z.number().int().min(0).max(100_000).default(0),
});

export const CustomerPage = z.object({ items: z.array(Customer), total: z.number().int() });

export const SearchLicensesInput = z.object({
  /** Matches a key, a customer's email/phone/name, a bound domain or serial. */
  query: singleLine(z.string().trim().max(256)).default(""),
  limit: z.number().int().min(1).max(100).default(50),
});

export const LicenseSearchHit = z.object({
  id: z.string(),
  key: z.string(),
  status: LicenseStatus,
  productName: z.string(),
  customer: z.string().nullable(),
  bindings: z.array(z.string()),
  expiresAt: isoDate.nullable(),
  createdAt: isoDate,
});
export type LicenseSearchHit = z.infer<typeof LicenseSearchHit>;
export const LicenseSearchHits = z.array(LicenseSearchHit);

/** A license issued by hand from the console (no order): a gift, a replacement, a migration. */
export const CreateLicenseByHandInput = z.object({
  productId: RecordId,
  planId: RecordId.optional(),
  customerEmail: z.string().trim().toLowerCase().pipe(z.email()).optional(),
  customerName: singleLine(z.string().trim().max(120)).optional(),
  /** Null = perpetual; omitted = the product's own validity. */
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  maxSeats: z.number().int().min(1).max(100_000).optional(),
  /** Bind the first seat now (domain or serial, per the product's binding kind). */
  binding: singleLine(z.string().trim().min(1).max(256)).optional(),
});
export type CreateLicenseByHandInput = z.infer<typeof CreateLicenseByHandInput>;

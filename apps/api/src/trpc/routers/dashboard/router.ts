import type { TRPCRouterRecord } from "@trpc/server";
import { createLicenseProcedure } from "./create-license";
import { getCustomerProcedure } from "./get-customer";
import { getDashboardProcedure } from "./get-dashboard";
import { getOnboardingProcedure } from "./get-onboarding";
import { getRecurringRevenueProcedure } from "./get-recurring-revenue";
import { getRenewalsProcedure } from "./get-renewals";
import { listCustomersProcedure } from "./list-customers";
import { searchLicensesProcedure } from "./search-licenses";

/** The console's read models. */
export const dashboardRouter = {
  get: getDashboardProcedure,
  getOnboarding: getOnboardingProcedure,
  recurringRevenue: getRecurringRevenueProcedure,
  renewals: getRenewalsProcedure,
  listCustomers: listCustomersProcedure,
  getCustomer: getCustomerProcedure,
  searchLicenses: searchLicensesProcedure,
  createLicense: createLicenseProcedure,
} satisfies TRPCRouterRecord;

import type { TRPCRouterRecord } from "@trpc/server";
import { createLicenseProcedure } from "./create-license";
import { getDashboardProcedure } from "./get-dashboard";
import { getRenewalsProcedure } from "./get-renewals";
import { listCustomersProcedure } from "./list-customers";
import { searchLicensesProcedure } from "./search-licenses";

/** The console's read models. */
export const dashboardRouter = {
  get: getDashboardProcedure,
  renewals: getRenewalsProcedure,
  listCustomers: listCustomersProcedure,
  searchLicenses: searchLicensesProcedure,
  createLicense: createLicenseProcedure,
} satisfies TRPCRouterRecord;

import { searchLicenses } from "@keyway/core";
import { LicenseSearchHits, SearchLicensesInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

/** Key, customer (email/phone/name), domain or serial in one search box. */
export const searchLicensesProcedure = vendorProcedure
  .input(SearchLicensesInput)
  .output(LicenseSearchHits)
  .query(({ ctx, input }) => searchLicenses(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

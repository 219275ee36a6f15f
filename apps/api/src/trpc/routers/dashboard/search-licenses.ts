import { searchLicenses } from "@keyway/core";
import { LicenseSearchHit, SearchLicensesInput } from "@keyway/schema";
import { z } from "zod";
import { vendorProcedure } from "../../procedures";

/** Key, customer (email/phone/name), domain or serial in one search box. */
export const searchLicensesProcedure = vendorProcedure
  .input(SearchLicensesInput)
  .output(z.array(LicenseSearchHit))
  .query(({ ctx, input }) => searchLicenses(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

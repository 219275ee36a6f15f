import { searchLicenses } from "@keyway/core";
import { LicenseSearchHits, SearchLicensesInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

/**
 * Key, customer (email/phone/name), domain or serial in one search box. `/licenses/search` is
 * also matched by `/licenses/{licenseId}`: the adapter takes the first procedure registered, and
 * this router comes before the license router in appRouter (vendor-rest-routes.test.ts checks it).
 */
export const searchLicensesProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/licenses/search",
      tags: ["licenses"],
      summary: "Search licenses",
      description:
        "One query over the key (or part of it), the customer's email, phone or name, and a bound domain or serial; the `limit` newest matches, not paged (narrow the query, or page through `GET /licenses` by its filters).",
      errorResponses: { 400: "Invalid query or limit", 401: "Missing or invalid API credentials" },
    },
  })
  .input(SearchLicensesInput)
  .output(LicenseSearchHits)
  .query(({ ctx, input }) => searchLicenses(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

import { listLicenses } from "@keyway/core";
import { LicensePage, ListLicensesInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const listLicensesProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/licenses",
      tags: ["licenses"],
      errorResponses: { 400: "Invalid filter or cursor", 401: "Missing or invalid API credentials" },
      summary: "List licenses",
      description: "Newest first, with live seats. Pass `nextCursor` as `cursor` for the next page.",
    },
  })
  .input(ListLicensesInput)
  .output(LicensePage)
  .query(({ ctx, input }) => listLicenses(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

import { listLicenseEvents } from "@keyway/core";
import { LicenseEventPage, ListLicenseEventsInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const listLicenseEventsProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/licenses/{licenseId}/events",
      tags: ["licenses"],
      errorResponses: { 401: "Missing or invalid API credentials", 404: "No such license for this vendor" },
      summary: "A license's audit timeline",
    },
  })
  .input(ListLicenseEventsInput)
  .output(LicenseEventPage)
  .query(({ ctx, input }) => listLicenseEvents(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

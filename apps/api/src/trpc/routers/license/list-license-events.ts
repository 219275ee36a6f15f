import { listLicenseEvents } from "@keyway/core";
import { LicenseEventPage, ListLicenseEventsInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const listLicenseEventsProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/licenses/{licenseId}/events",
      tags: ["licenses"],
      summary: "A license's audit timeline",
    },
  })
  .input(ListLicenseEventsInput)
  .output(LicenseEventPage)
  .query(({ ctx, input }) => listLicenseEvents(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

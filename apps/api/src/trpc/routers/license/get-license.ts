import { getLicense } from "@keyway/core";
import { License, LicenseIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const getLicenseProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/licenses/{licenseId}",
      tags: ["licenses"],
      errorResponses: { 401: "Missing or invalid API credentials", 404: "No such license for this vendor" },
      summary: "Get a license",
    },
  })
  .input(LicenseIdInput)
  .output(License)
  .query(({ ctx, input }) =>
    getLicense(ctx.db, { vendorId: ctx.vendor.vendorId, licenseId: input.licenseId }),
  );

import { getLicense } from "@keyway/core";
import { License, LicenseIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const getLicenseProcedure = vendorProcedure
  .meta({
    openapi: { method: "GET", path: "/licenses/{licenseId}", tags: ["licenses"], summary: "Get a license" },
  })
  .input(LicenseIdInput)
  .output(License)
  .query(({ ctx, input }) =>
    getLicense(ctx.db, { vendorId: ctx.vendor.vendorId, licenseId: input.licenseId }),
  );

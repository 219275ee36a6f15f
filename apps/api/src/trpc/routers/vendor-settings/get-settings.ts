import { getVendorSettings } from "@keyway/core";
import { NoInput, VendorSettings } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const getSettingsProcedure = vendorProcedure
  .input(NoInput)
  .output(VendorSettings)
  .query(({ ctx }) => getVendorSettings(ctx.db, { vendorId: ctx.vendor.vendorId, secrets: ctx.secrets }));

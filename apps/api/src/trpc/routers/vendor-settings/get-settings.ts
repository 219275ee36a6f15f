import { getVendorSettings } from "@keyway/core";
import { VendorSettings } from "@keyway/schema";
import { z } from "zod";
import { vendorProcedure } from "../../procedures";

export const getSettingsProcedure = vendorProcedure
  .input(z.void())
  .output(VendorSettings)
  .query(({ ctx }) => getVendorSettings(ctx.db, { vendorId: ctx.vendor.vendorId, secrets: ctx.secrets }));

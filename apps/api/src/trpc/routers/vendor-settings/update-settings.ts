import { updateVendorSettings } from "@keyway/core";
import { UpdateVendorSettingsInput, VendorSettings } from "@keyway/schema";
import { vendorOwnerProcedure } from "../../procedures";

export const updateSettingsProcedure = vendorOwnerProcedure
  .input(UpdateVendorSettingsInput)
  .output(VendorSettings)
  .mutation(({ ctx, input }) =>
    updateVendorSettings(ctx.db, { ...input, vendorId: ctx.vendor.vendorId, secrets: ctx.secrets }),
  );

import { addVendorUser } from "@keyway/core";
import { AddVendorUserInput, VendorUser } from "@keyway/schema";
import { vendorOwnerProcedure } from "../../procedures";

export const addUserProcedure = vendorOwnerProcedure
  .input(AddVendorUserInput)
  .output(VendorUser)
  .mutation(({ ctx, input }) =>
    addVendorUser(ctx.db, { ...input, vendorId: ctx.vendor.vendorId, production: ctx.config.production }),
  );

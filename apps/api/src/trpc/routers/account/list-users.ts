import { listVendorUsers } from "@keyway/core";
import { NoInput, VendorUserList } from "@keyway/schema";
import { vendorOwnerProcedure } from "../../procedures";

export const listUsersProcedure = vendorOwnerProcedure
  .input(NoInput)
  .output(VendorUserList)
  .query(({ ctx }) => listVendorUsers(ctx.db, { vendorId: ctx.vendor.vendorId }));

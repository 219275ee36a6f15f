import { listVendorUsers } from "@keyway/core";
import { VendorUser } from "@keyway/schema";
import { z } from "zod";
import { vendorOwnerProcedure } from "../../procedures";

export const listUsersProcedure = vendorOwnerProcedure
  .input(z.void())
  .output(z.array(VendorUser))
  .query(({ ctx }) => listVendorUsers(ctx.db, { vendorId: ctx.vendor.vendorId }));

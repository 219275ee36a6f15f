import { removeVendorUser } from "@keyway/core";
import { VendorUserIdInput, VendorUserRemoved } from "@keyway/schema";
import { vendorOwnerProcedure } from "../../procedures";

export const removeUserProcedure = vendorOwnerProcedure
  .input(VendorUserIdInput)
  .output(VendorUserRemoved)
  .mutation(({ ctx, input }) =>
    removeVendorUser(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      userId: input.userId,
      actingUserId: ctx.vendorUser.id,
    }),
  );

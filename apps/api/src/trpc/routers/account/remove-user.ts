import { removeVendorUser } from "@keyway/core";
import { VendorUserIdInput } from "@keyway/schema";
import { z } from "zod";
import { vendorOwnerProcedure } from "../../procedures";

export const removeUserProcedure = vendorOwnerProcedure
  .input(VendorUserIdInput)
  .output(z.object({ removed: z.literal(true) }))
  .mutation(({ ctx, input }) =>
    removeVendorUser(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      userId: input.userId,
      actingUserId: ctx.vendorUser.id,
    }),
  );

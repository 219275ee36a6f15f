import { setProductArchived } from "@keyway/core";
import { Product, ProductIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const restoreProductProcedure = vendorProcedure
  .input(ProductIdInput)
  .output(Product)
  .mutation(({ ctx, input }) =>
    setProductArchived(ctx.db, { ...input, vendorId: ctx.vendor.vendorId, archived: false }),
  );

import { setProductArchived } from "@keyway/core";
import { Product, ProductIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

/** Takes a product off sale; its licenses keep working. */
export const archiveProductProcedure = vendorProcedure
  .input(ProductIdInput)
  .output(Product)
  .mutation(({ ctx, input }) =>
    setProductArchived(ctx.db, { ...input, vendorId: ctx.vendor.vendorId, archived: true }),
  );

import { updateProduct } from "@keyway/core";
import { Product, UpdateProductInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const updateProductProcedure = vendorProcedure
  .input(UpdateProductInput)
  .output(Product)
  .mutation(({ ctx, input }) => updateProduct(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

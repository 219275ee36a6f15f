import { createProduct } from "@keyway/core";
import { CreateProductInput, Product } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const createProductProcedure = vendorProcedure
  .input(CreateProductInput)
  .output(Product)
  .mutation(({ ctx, input }) => createProduct(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

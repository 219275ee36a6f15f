import { getProduct } from "@keyway/core";
import { Product, ProductIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const getProductProcedure = vendorProcedure
  .input(ProductIdInput)
  .output(Product)
  .query(({ ctx, input }) => getProduct(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

import { listProducts } from "@keyway/core";
import { ListProductsInput, ProductList } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const listProductsProcedure = vendorProcedure
  .input(ListProductsInput)
  .output(ProductList)
  .query(({ ctx, input }) => listProducts(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

import { listProducts } from "@keyway/core";
import { ListProductsInput, Product } from "@keyway/schema";
import { z } from "zod";
import { vendorProcedure } from "../../procedures";

export const listProductsProcedure = vendorProcedure
  .input(ListProductsInput)
  .output(z.array(Product))
  .query(({ ctx, input }) => listProducts(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

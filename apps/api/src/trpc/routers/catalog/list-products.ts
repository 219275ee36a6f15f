import { listProducts } from "@keyway/core";
import { ListProductsInput, ProductList } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const listProductsProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/products",
      tags: ["catalog"],
      summary: "List products (software, add-ons, license packages)",
      errorResponses: { 401: "Missing or invalid API credentials" },
    },
  })
  .input(ListProductsInput)
  .output(ProductList)
  .query(({ ctx, input }) => listProducts(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

import { getProduct } from "@keyway/core";
import { Product, ProductIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const getProductProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/products/{productId}",
      tags: ["catalog"],
      summary: "Get a product",
      errorResponses: { 401: "Missing or invalid API credentials", 404: "No such product for this vendor" },
    },
  })
  .input(ProductIdInput)
  .output(Product)
  .query(({ ctx, input }) => getProduct(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

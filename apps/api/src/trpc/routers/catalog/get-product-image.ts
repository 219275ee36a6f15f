import { getProductImage } from "@keyway/core";
import { ProductIdInput, ProductImageState } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

/** A product's picture (its URL, type, size), or `image: null` when it has none. */
export const getProductImageProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/products/{productId}/image",
      tags: ["catalog"],
      summary: "Get a product's picture (its URL and size)",
      errorResponses: { 401: "Missing or invalid API credentials", 404: "No such product for this vendor" },
    },
  })
  .input(ProductIdInput)
  .output(ProductImageState)
  .query(({ ctx, input }) => getProductImage(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

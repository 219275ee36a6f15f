import { removeProductImage } from "@keyway/core";
import { ProductIdInput, ProductImageState } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

/** Takes a product's picture away; the store's card shows none. Removing none is no error. */
export const removeProductImageProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "DELETE",
      path: "/products/{productId}/image",
      tags: ["catalog"],
      summary: "Remove a product's picture",
      errorResponses: { 401: "Missing or invalid API credentials", 404: "No such product for this vendor" },
    },
  })
  .input(ProductIdInput)
  .output(ProductImageState)
  .mutation(({ ctx, input }) => removeProductImage(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

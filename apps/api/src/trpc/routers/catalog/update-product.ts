import { updateProduct } from "@keyway/core";
import { Product, UpdateProductInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const updateProductProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "PATCH",
      path: "/products/{productId}",
      tags: ["catalog"],
      summary: "Change a product",
      description:
        "Omitted fields stay as they are. Price, term, binding and seats apply to new licenses; the expiry strategy and grace period apply to every license of the product (when the term starts, to licenses sold from now on).",
      errorResponses: {
        400: "Invalid input",
        401: "Missing or invalid API credentials",
        404: "No such product for this vendor",
        409: "Another product uses this slug",
      },
    },
  })
  .input(UpdateProductInput)
  .output(Product)
  .mutation(({ ctx, input }) => updateProduct(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

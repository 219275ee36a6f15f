import { createProduct } from "@keyway/core";
import { CreateProductInput, Product } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const createProductProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/products",
      tags: ["catalog"],
      summary: "Create a product",
      description:
        "Its expiry policy (`expiryStrategy`, `gracePeriodDays`, `clockStartsAt`) applies to its licenses; plans may override each field.",
      errorResponses: {
        400: "Invalid input",
        401: "Missing or invalid API credentials",
        404: "No such parent product for this vendor (`parentProductId`)",
        409: "Another product uses this slug",
      },
    },
  })
  .input(CreateProductInput)
  .output(Product)
  .mutation(({ ctx, input }) => createProduct(ctx.db, { ...input, vendorId: ctx.vendor.vendorId }));

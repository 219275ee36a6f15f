import { setProductArchived } from "@keyway/core";
import { Product, ProductIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

export const restoreProductProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/products/{productId}/restore",
      tags: ["catalog"],
      summary: "Put an archived product back on sale",
      errorResponses: { 401: "Missing or invalid API credentials", 404: "No such product for this vendor" },
    },
  })
  .input(ProductIdInput)
  .output(Product)
  .mutation(({ ctx, input }) =>
    setProductArchived(ctx.db, { ...input, vendorId: ctx.vendor.vendorId, archived: false }),
  );

import { setProductArchived } from "@keyway/core";
import { Product, ProductIdInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

/** Takes a product off sale; its licenses keep working. */
export const archiveProductProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/products/{productId}/archive",
      tags: ["catalog"],
      summary: "Take a product off sale (its licenses keep working)",
      errorResponses: { 401: "Missing or invalid API credentials", 404: "No such product for this vendor" },
    },
  })
  .input(ProductIdInput)
  .output(Product)
  .mutation(({ ctx, input }) =>
    setProductArchived(ctx.db, { ...input, vendorId: ctx.vendor.vendorId, archived: true }),
  );

import { setProductImage } from "@keyway/core";
import { PRODUCT_IMAGE_MAX_BYTES, ProductImage, SetProductImageInput } from "@keyway/schema";
import { vendorProcedure } from "../../procedures";

/** The bytes a `data` field carries: base64, as is or as a browser's `data:…;base64,` URL. */
function bytesOf(data: string): Buffer {
  const comma = data.startsWith("data:") ? data.indexOf(",") : -1;
  return Buffer.from(comma === -1 ? data : data.slice(comma + 1), "base64");
}

/** Uploads (or replaces) a product's picture; the store shows it on the product's card. */
export const setProductImageProcedure = vendorProcedure
  .meta({
    openapi: {
      method: "PUT",
      path: "/products/{productId}/image",
      tags: ["catalog"],
      summary: "Upload a product's picture",
      description: `PNG, JPEG or WebP (told by the bytes, not the name), at most ${PRODUCT_IMAGE_MAX_BYTES / 1024 / 1024} MB, sent as base64. Replaces the product's picture; the answer's \`url\` is where Keyway serves it (a new picture gets a new URL, so it may be cached for ever).`,
      errorResponses: {
        400: "Not a PNG, JPEG or WebP picture (`image_unsupported`), over 1 MB (`image_too_large`), or invalid input",
        401: "Missing or invalid API credentials",
        404: "No such product for this vendor",
        413: "The body is far larger than any accepted picture",
      },
    },
  })
  .input(SetProductImageInput)
  .output(ProductImage)
  .mutation(({ ctx, input }) =>
    setProductImage(ctx.db, {
      vendorId: ctx.vendor.vendorId,
      productId: input.productId,
      bytes: bytesOf(input.data),
    }),
  );

import { z } from "zod";
import { RecordId } from "./primitives";

/** Contracts of a product's picture: uploaded in the console or over REST, shown in the store. */

/** The largest picture Keyway keeps (bytes, before base64). */
export const PRODUCT_IMAGE_MAX_BYTES = 1024 * 1024;

/** The kinds of picture Keyway keeps, by what the bytes are (never by a file name). */
export const PRODUCT_IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type ProductImageType = (typeof PRODUCT_IMAGE_TYPES)[number];

/** Past this width or height a picture is only heavier, never sharper, on a store card. */
export const PRODUCT_IMAGE_LARGE_SIDE = 2000;

/** Where a stored picture is served: its bytes' hash is part of the path, so a new one is a new URL. */
export function productImagePath(productId: string, sha256: string): string {
  return `/images/products/${encodeURIComponent(productId)}/${sha256}`;
}

const productId = RecordId.meta({ example: "prd_af0mrdmds0dcaghvz7m2" });

/**
 * An upload. `data` is checked by core after the product is found (an unknown product is a 404
 * whatever the bytes); a `data:` URL as a browser reads a file is accepted too.
 */
export const SetProductImageInput = z.object({
  productId,
  data: z
    .string()
    .min(1)
    .meta({
      description: `The picture's bytes in base64 (a \`data:image/…;base64,\` prefix is allowed). PNG, JPEG or WebP, at most ${PRODUCT_IMAGE_MAX_BYTES / 1024 / 1024} MB.`,
      example:
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAwPAfhP7/ZwAAHu8E/Gj7YDYAAAAASUVORK5CYII=",
    }),
  filename: z
    .string()
    .max(255)
    .optional()
    .meta({ description: "The file's name, for the record only.", example: "box-shot.png" }),
});
export type SetProductImageInput = z.infer<typeof SetProductImageInput>;

export const ProductImage = z
  .object({
    productId: z.string().meta({ example: "prd_af0mrdmds0dcaghvz7m2" }),
    /** Path on this Keyway server (same origin as the store). */
    url: z.string().meta({
      example:
        "/images/products/prd_af0mrdmds0dcaghvz7m2/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      description: "Where the picture is served, on this Keyway server; a new picture gets a new URL.",
    }),
    contentType: z.enum(PRODUCT_IMAGE_TYPES),
    byteSize: z.number().int().meta({ example: 48213 }),
    /** Pixels, when the header says; null when it cannot be read cheaply. */
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    updatedAt: z.string().meta({ example: "2026-11-30T10:00:00.000Z" }),
  })
  .meta({ id: "ProductImage" });
export type ProductImage = z.infer<typeof ProductImage>;

/** A product's picture, or none. */
export const ProductImageState = z.object({
  productId: z.string().meta({ example: "prd_af0mrdmds0dcaghvz7m2" }),
  image: ProductImage.nullable(),
});
export type ProductImageState = z.infer<typeof ProductImageState>;

import { createHash } from "node:crypto";
import { and, type Database, eq, productImages, sql } from "@keyway/db";
import {
  PRODUCT_IMAGE_MAX_BYTES,
  PRODUCT_IMAGE_TYPES,
  type ProductImage,
  type ProductImageState,
  type ProductImageType,
  productImagePath,
} from "@keyway/schema";
import { fileTypeFromBuffer } from "file-type";
import { DomainError } from "../shared/errors";
import { imageDimensions } from "./image-dimensions";
import { findProduct } from "./products";

/**
 * A product's picture, one per product, kept in the database and served by Keyway itself at a
 * URL that names its bytes' hash (so it may be cached for ever). What a file is comes from its
 * bytes, never from its name: PNG, JPEG and WebP only (an SVG can carry script; a GIF is not a
 * product photo).
 */

const ACCEPTED = "a PNG, JPEG or WebP picture";
/** How much of a stored picture `getProductImage` reads to find its size in the header. */
const HEADER_BYTES = 256 * 1024;

function isAccepted(mime: string): mime is ProductImageType {
  return (PRODUCT_IMAGE_TYPES as readonly string[]).includes(mime);
}

/** Megabytes to one decimal, rounded up (a file just over the limit never reads as the limit). */
function megabytes(bytes: number): string {
  return `${(Math.ceil((bytes / 1024 / 1024) * 10) / 10).toString()} MB`;
}

/** The picture's type by its bytes; a domain error in words for anything else. */
async function acceptedType(bytes: Uint8Array): Promise<ProductImageType> {
  if (bytes.byteLength === 0) {
    throw new DomainError("image_unsupported", `The file is empty: choose ${ACCEPTED}.`, { field: "data" });
  }
  if (bytes.byteLength > PRODUCT_IMAGE_MAX_BYTES) {
    throw new DomainError(
      "image_too_large",
      `The picture is ${megabytes(bytes.byteLength)}; a product picture may be at most ${megabytes(PRODUCT_IMAGE_MAX_BYTES)}.`,
      { field: "data", byteSize: bytes.byteLength, maxBytes: PRODUCT_IMAGE_MAX_BYTES },
    );
  }
  const found = await fileTypeFromBuffer(bytes);
  if (!found) {
    throw new DomainError("image_unsupported", `This file is not a picture: choose ${ACCEPTED}.`, {
      field: "data",
    });
  }
  if (!isAccepted(found.mime)) {
    throw new DomainError(
      "image_unsupported",
      `This file is ${found.ext.toUpperCase()}; a product picture must be ${ACCEPTED}.`,
      { field: "data", detected: found.mime },
    );
  }
  return found.mime;
}

function imageView(row: {
  productId: string;
  contentType: string;
  byteSize: number;
  sha256: string;
  updatedAt: Date;
  header: Uint8Array;
}): ProductImage {
  const contentType = isAccepted(row.contentType) ? row.contentType : "image/png";
  const size = imageDimensions(contentType, row.header);
  return {
    productId: row.productId,
    url: productImagePath(row.productId, row.sha256),
    contentType,
    byteSize: row.byteSize,
    width: size?.width ?? null,
    height: size?.height ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Stores (or replaces) a product's picture; the answer names the URL it is served at. */
export async function setProductImage(
  db: Database,
  params: { vendorId: string; productId: string; bytes: Uint8Array; now?: Date },
): Promise<ProductImage> {
  // Another vendor's product is not found, whatever the bytes.
  await findProduct(db, params.vendorId, params.productId);
  const contentType = await acceptedType(params.bytes);
  if (!imageDimensions(contentType, params.bytes)) {
    throw new DomainError(
      "image_unsupported",
      `This ${contentType.slice("image/".length).toUpperCase()} file cannot be read (it may be damaged): choose another picture.`,
      { field: "data" },
    );
  }
  const bytes = Buffer.from(params.bytes);
  const now = params.now ?? new Date();
  const row = {
    contentType,
    bytes,
    byteSize: bytes.byteLength,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    updatedAt: now,
  };
  await db
    .insert(productImages)
    .values({ productId: params.productId, vendorId: params.vendorId, createdAt: now, ...row })
    .onConflictDoUpdate({ target: productImages.productId, set: row });
  return imageView({ productId: params.productId, header: bytes, ...row });
}

/** Takes a product's picture away (the store shows none); removing none is no error. */
export async function removeProductImage(
  db: Database,
  params: { vendorId: string; productId: string },
): Promise<ProductImageState> {
  await findProduct(db, params.vendorId, params.productId);
  await db
    .delete(productImages)
    .where(and(eq(productImages.productId, params.productId), eq(productImages.vendorId, params.vendorId)));
  return { productId: params.productId, image: null };
}

/** A product's picture as the console shows it (its size read from the first bytes only). */
export async function getProductImage(
  db: Database,
  params: { vendorId: string; productId: string },
): Promise<ProductImageState> {
  await findProduct(db, params.vendorId, params.productId);
  const [row] = await db
    .select({
      productId: productImages.productId,
      contentType: productImages.contentType,
      byteSize: productImages.byteSize,
      sha256: productImages.sha256,
      updatedAt: productImages.updatedAt,
      header: sql<Buffer>`substring(${productImages.bytes} from 1 for ${HEADER_BYTES})`.mapWith(
        productImages.bytes,
      ),
    })
    .from(productImages)
    .where(and(eq(productImages.productId, params.productId), eq(productImages.vendorId, params.vendorId)));
  return { productId: params.productId, image: row ? imageView(row) : null };
}

/** The URL of each listed product's picture (for the store's cards); products without one are absent. */
export async function productImageUrls(
  db: Database,
  params: { vendorId: string },
): Promise<Map<string, string>> {
  const rows = await db
    .select({ productId: productImages.productId, sha256: productImages.sha256 })
    .from(productImages)
    .where(eq(productImages.vendorId, params.vendorId));
  return new Map(rows.map((r) => [r.productId, productImagePath(r.productId, r.sha256)]));
}

/**
 * A picture to serve, by its URL's parts: public (the store shows it to anyone), and only the
 * current picture (an old hash is not found, so a cached URL never shows a replaced picture as new).
 */
export async function productImage(
  db: Database,
  params: { productId: string; sha: string },
): Promise<{ contentType: string; bytes: Buffer; sha256: string }> {
  const notFound = new DomainError("not_found", "No such product picture.");
  // A malformed hash names no picture: no need to ask the database.
  if (!/^[0-9a-f]{64}$/.test(params.sha)) throw notFound;
  const [row] = await db
    .select({
      contentType: productImages.contentType,
      bytes: productImages.bytes,
      sha256: productImages.sha256,
    })
    .from(productImages)
    .where(and(eq(productImages.productId, params.productId), eq(productImages.sha256, params.sha)));
  if (!row) throw notFound;
  return row;
}

import type { TestDb } from "@keyway/db/testing";
import { createTestDb } from "@keyway/db/testing";
import { PRODUCT_IMAGE_MAX_BYTES } from "@keyway/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  getProductImage,
  productImage,
  removeProductImage,
  setProductImage,
} from "../../src/catalog/product-images";
import { getStorefront } from "../../src/catalog/storefront";
import { demoSetup, otherVendor } from "../licensing/helpers";
import { GIF_16, JPEG_16, pngOf, SVG_WITH_SCRIPT, WEBP_16 } from "./image-fixtures";

let db: TestDb;
let vendorId: string;
let productId: string;
let addonId: string;

beforeAll(async () => {
  db = await createTestDb();
  const demo = await demoSetup(db.db);
  vendorId = demo.vendorId;
  productId = demo.software.id;
  addonId = demo.addon.id;
});
afterAll(async () => {
  await db.close();
});

/** What the serving route gets for the URL core answered. */
async function served(url: string) {
  const [, , , id, sha] = url.split("/");
  return productImage(db.db, { productId: decodeURIComponent(id ?? ""), sha: sha ?? "" });
}

describe("storing a product picture", () => {
  it("keeps a PNG and serves it back byte for byte at its URL, with its size", async () => {
    const png = pngOf(3, 2);
    const image = await setProductImage(db.db, { vendorId, productId, bytes: png });
    expect(image).toMatchObject({
      productId,
      contentType: "image/png",
      byteSize: png.length,
      width: 3,
      height: 2,
    });
    expect(image.url).toMatch(new RegExp(`^/images/products/${productId}/[0-9a-f]{64}$`));
    const back = await served(image.url);
    expect(back.contentType).toBe("image/png");
    expect(Buffer.compare(back.bytes, png)).toBe(0);
    expect(await getProductImage(db.db, { vendorId, productId })).toEqual({ productId, image });
  });

  it("replaces it with a JPEG: a new URL, and the old one is gone", async () => {
    const before = await setProductImage(db.db, { vendorId, productId, bytes: pngOf(4, 4) });
    const image = await setProductImage(db.db, { vendorId, productId, bytes: JPEG_16 });
    expect(image).toMatchObject({
      contentType: "image/jpeg",
      byteSize: JPEG_16.length,
      width: 16,
      height: 16,
    });
    expect(image.url).not.toBe(before.url);
    expect(Buffer.compare((await served(image.url)).bytes, JPEG_16)).toBe(0);
    await expect(served(before.url)).rejects.toMatchObject({ code: "not_found" });
  });

  it("takes a WebP too", async () => {
    const image = await setProductImage(db.db, { vendorId, productId: addonId, bytes: WEBP_16 });
    expect(image).toMatchObject({ contentType: "image/webp", width: 16, height: 16 });
    expect(Buffer.compare((await served(image.url)).bytes, WEBP_16)).toBe(0);
  });

  it("shows the picture's URL on the store's card, and null where there is none", async () => {
    const image = await setProductImage(db.db, { vendorId, productId, bytes: pngOf(2, 2) });
    const store = await getStorefront(db.db, { vendorSlug: "demo" });
    const byId = new Map(store.products.map((p) => [p.id, p.imageUrl]));
    expect(byId.get(productId)).toBe(image.url);
    expect([...byId.values()]).toContain(null);
  });

  it("removes it: the store shows none and the URL is not found", async () => {
    const image = await setProductImage(db.db, { vendorId, productId, bytes: pngOf(5, 5) });
    expect(await removeProductImage(db.db, { vendorId, productId })).toEqual({ productId, image: null });
    expect(await getProductImage(db.db, { vendorId, productId })).toEqual({ productId, image: null });
    await expect(served(image.url)).rejects.toMatchObject({ code: "not_found" });
    const store = await getStorefront(db.db, { vendorSlug: "demo" });
    expect(store.products.find((p) => p.id === productId)?.imageUrl).toBeNull();
    // Removing none is no error.
    expect(await removeProductImage(db.db, { vendorId, productId })).toEqual({ productId, image: null });
  });
});

describe("what is refused, in words", () => {
  it("a text file named .png", async () => {
    const text = Buffer.from("just some notes, not a picture\n");
    await expect(setProductImage(db.db, { vendorId, productId, bytes: text })).rejects.toMatchObject({
      code: "image_unsupported",
      message: "This file is not a picture: choose a PNG, JPEG or WebP picture.",
    });
  });

  it("a GIF and an SVG (which can carry script)", async () => {
    await expect(setProductImage(db.db, { vendorId, productId, bytes: GIF_16 })).rejects.toMatchObject({
      code: "image_unsupported",
      message: "This file is GIF; a product picture must be a PNG, JPEG or WebP picture.",
    });
    await expect(
      setProductImage(db.db, { vendorId, productId, bytes: SVG_WITH_SCRIPT }),
    ).rejects.toMatchObject({ code: "image_unsupported" });
  });

  it("an empty file, and a PNG cut short", async () => {
    await expect(
      setProductImage(db.db, { vendorId, productId, bytes: Buffer.alloc(0) }),
    ).rejects.toMatchObject({
      code: "image_unsupported",
      message: "The file is empty: choose a PNG, JPEG or WebP picture.",
    });
    const cut = pngOf(2, 2).subarray(0, 12);
    await expect(setProductImage(db.db, { vendorId, productId, bytes: cut })).rejects.toMatchObject({
      code: "image_unsupported",
    });
  });

  it("a picture over 1 MB, and keeps the one before", async () => {
    const kept = await setProductImage(db.db, { vendorId, productId, bytes: pngOf(2, 2) });
    const png = pngOf(2, 2);
    const big = Buffer.concat([png, Buffer.alloc(PRODUCT_IMAGE_MAX_BYTES + 1 - png.length)]);
    await expect(setProductImage(db.db, { vendorId, productId, bytes: big })).rejects.toMatchObject({
      code: "image_too_large",
      message: "The picture is 1.1 MB; a product picture may be at most 1 MB.",
    });
    expect((await getProductImage(db.db, { vendorId, productId })).image?.url).toBe(kept.url);
  });

  it("another vendor's product, as not found, whatever the bytes", async () => {
    const other = await otherVendor(db.db);
    for (const bytes of [pngOf(2, 2), Buffer.from("text")]) {
      await expect(setProductImage(db.db, { vendorId: other, productId, bytes })).rejects.toMatchObject({
        code: "not_found",
      });
    }
    await expect(removeProductImage(db.db, { vendorId: other, productId })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(getProductImage(db.db, { vendorId: other, productId })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

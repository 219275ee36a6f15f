import { DEMO } from "@keyway/db/seed";
import { PRODUCT_IMAGE_MAX_BYTES } from "@keyway/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import { trpc } from "./console-helpers";

/**
 * A product's picture over REST and tRPC: uploaded as base64 (PUT), served by Keyway at the URL
 * the answer names (public, immutable, the stored type), named on the storefront's card,
 * removed (DELETE). Bad pictures are a 400 in the route's own envelope, never a 5xx.
 */

/** A real 2 × 2 PNG (red, blue / green, yellow) and a real 16 × 16 JPEG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAwPAfhP7/ZwAAHu8E/Gj7YDYAAAAASUVORK5CYII=",
  "base64",
);
const JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQEAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wAARCAAQABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABwQF/8QAJBAAAQQBBAICAwAAAAAAAAAAAQIDBAYFBwgSExEiABQJMTL/xAAVAQEBAAAAAAAAAAAAAAAAAAAABv/EACMRAAECBQMFAAAAAAAAAAAAAAECEQMEBQYhABIxFRZhgeH/2gAMAwEAAhEDEQA/ABSm0mobc8HmExLUlRzzEWPkJWW+ulrsaUVAseUgslSlH9LKuPryIKuWPZdskzXmm3fX5m2nF4GlVxx/HOpx4ks51+MiU/Iaad7UcUo4tILoS4kqcWkezS0hO/HvuRp0rO6hWnWO1UisZVuFi4GFeyEpmGepa5S5SWVPuciFKRFLgSrwetnyPIB+Vb4N9mKhQMzo5po9XLdDs9d6ZVix2VEhiL9kuNPxw2gEKcDQ/rs8AuA8VAe0vdl7VOYn+27flGAUgmITjbhSmCg3BYlyeWDkMolvw4KOp1KM6iCNvngZHwetf//Z",
  "base64",
);

let server: TestServer;
let productId: string;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
  productId = (await rest("POST", "/products", { kind: "software", name: "Pictured", slug: "pictured" })).body
    .id as string;
});
afterAll(async () => {
  await server.close();
});

type Json = Record<string, unknown> & { data?: { code?: string; httpStatus?: number } };

async function rest(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...demoHeaders.bearer,
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

const upload = (bytes: Buffer, id = productId) =>
  rest("PUT", `/products/${id}/image`, { data: bytes.toString("base64"), filename: "logo.png" });

async function storefrontImageUrl(): Promise<unknown> {
  const answer = await trpc<{ products: { id: string; imageUrl: string | null }[] }>(
    server.url,
    "query",
    "storefront.get",
    { vendorSlug: DEMO.vendorSlug },
  );
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.data.products.find((p) => p.id === productId)?.imageUrl;
}

describe("uploading, serving and removing a product picture", () => {
  it("serves the uploaded PNG byte for byte, cached for ever, and the store's card names it", async () => {
    const put = await upload(PNG);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      productId,
      contentType: "image/png",
      byteSize: PNG.length,
      width: 2,
      height: 2,
    });
    const url = put.body.url as string;
    expect(url).toMatch(/^\/images\/products\/prd_\w+\/[0-9a-f]{64}$/);

    const res = await fetch(`${server.url}${url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    // Public: a vendor may show it on its own site.
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    const etag = res.headers.get("etag");
    expect(etag).toBe(`"${url.split("/").at(-1)}"`);
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), PNG)).toBe(0);

    const again = await fetch(`${server.url}${url}`, { headers: { "if-none-match": etag ?? "" } });
    expect(again.status).toBe(304);

    expect(await storefrontImageUrl()).toBe(url);
    expect(await rest("GET", `/products/${productId}/image`)).toMatchObject({
      status: 200,
      body: { productId, image: { url, contentType: "image/png" } },
    });
  });

  it("replaces it with a JPEG (a data: URL as a browser reads it) over tRPC; the old URL is gone", async () => {
    const before = (await upload(PNG)).body.url as string;
    const answer = await trpc<{ url: string; contentType: string }>(
      server.url,
      "mutation",
      "catalog.setProductImage",
      { productId, data: `data:image/jpeg;base64,${JPEG.toString("base64")}` },
      demoHeaders.bearer,
    );
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.data.contentType).toBe("image/jpeg");
    const served = await fetch(`${server.url}${answer.data.url}`);
    expect(served.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.compare(Buffer.from(await served.arrayBuffer()), JPEG)).toBe(0);
    const old = await fetch(`${server.url}${before}`);
    expect(old.status).toBe(404);
    expect(await old.json()).toEqual({ code: "not_found", message: "No such product picture." });
  });

  it("takes a picture close to 1 MB through both surfaces (past the 64 KB body limit)", async () => {
    const big = Buffer.concat([JPEG.subarray(0, -2), Buffer.alloc(900 * 1024), JPEG.subarray(-2)]);
    expect((await upload(big)).status).toBe(200);
    const answer = await trpc(
      server.url,
      "mutation",
      "catalog.setProductImage",
      { productId, data: big.toString("base64") },
      demoHeaders.bearer,
    );
    expect(answer.ok).toBe(true);
  });

  it("removes it: the store's card has none and the URL is not found", async () => {
    const url = (await upload(PNG)).body.url as string;
    const removed = await rest("DELETE", `/products/${productId}/image`);
    expect(removed).toEqual({ status: 200, body: { productId, image: null } });
    expect((await fetch(`${server.url}${url}`)).status).toBe(404);
    expect(await storefrontImageUrl()).toBeNull();
  });
});

describe("bad pictures, in the route's envelope", () => {
  it("refuses a text file named .png with a 400 in words", async () => {
    const refused = await upload(Buffer.from("these are my notes\n"));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      message: "This file is not a picture: choose a PNG, JPEG or WebP picture.",
      data: { code: "image_unsupported", httpStatus: 400 },
    });
  });

  it("refuses a picture over 1 MB with a 400 in words, over REST and tRPC", async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(PRODUCT_IMAGE_MAX_BYTES)]);
    const refused = await upload(big);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      message: "The picture is 1.1 MB; a product picture may be at most 1 MB.",
      data: { code: "image_too_large" },
    });
    const overTrpc = await trpc(
      server.url,
      "mutation",
      "catalog.setProductImage",
      { productId, data: big.toString("base64") },
      demoHeaders.bearer,
    );
    expect(overTrpc).toMatchObject({ ok: false, status: 400, error: { data: { code: "image_too_large" } } });
  });

  it("refuses a body far past any picture with a 413, and an empty or missing `data` with a 400", async () => {
    const huge = await upload(Buffer.alloc(3 * PRODUCT_IMAGE_MAX_BYTES));
    expect(huge.status).toBe(413);
    expect(huge.body.data).toMatchObject({ httpStatus: 413 });
    expect((await rest("PUT", `/products/${productId}/image`, { data: "" })).status).toBe(400);
    expect((await rest("PUT", `/products/${productId}/image`, {})).status).toBe(400);
    expect((await rest("PUT", `/products/${productId}/image`, "{not json")).status).toBe(400);
  });

  it("keeps every other route at its 64 KB limit", async () => {
    const answer = await rest("PATCH", `/products/${productId}`, { description: "x".repeat(100 * 1024) });
    expect(answer.status).toBe(413);
  });

  it("answers an unknown product or hash with a 404 in words", async () => {
    expect((await upload(PNG, "prd_unknown")).status).toBe(404);
    for (const path of [
      `/images/products/${productId}/${"0".repeat(64)}`,
      `/images/products/${productId}/nothex`,
    ]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ code: "not_found", message: "No such product picture." });
    }
  });
});

import { PRODUCT_IMAGE_TYPES } from "@keyway/schema";
import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";

/** The public picture route in /openapi.json (outside /api/v1, hence its own `servers`). */
export function productImageOpenApiPaths(publicUrl: string): ZodOpenApiPathsObject {
  const picture = z.string().meta({ format: "binary", example: "(the picture's bytes)" });
  const rootError = z.object({ code: z.string(), message: z.string() });
  return {
    "/images/products/{productId}/{sha256}": {
      servers: [{ url: publicUrl, description: "Served by Keyway (outside /api/v1)" }],
      get: {
        operationId: "product-image",
        tags: ["catalog"],
        summary: "A product's picture (public, cached for ever)",
        description:
          "The URL a product's `imageUrl` (storefront) or an upload's `url` names. Public. The hash in the path is the bytes' SHA-256, so the answer never changes: `Cache-Control: public, max-age=31536000, immutable`, the hash as its `ETag` (`If-None-Match` answers 304). A replaced or removed picture's URL is not found.",
        requestParams: {
          path: z.object({
            productId: z.string().meta({ example: "prd_af0mrdmds0dcaghvz7m2" }),
            sha256: z.string().meta({ description: "The picture's SHA-256, hex." }),
          }),
        },
        responses: {
          "200": {
            description: "The picture, in the type read from its bytes when it was uploaded",
            headers: z.object({ etag: z.string(), "cache-control": z.string() }),
            content: Object.fromEntries(PRODUCT_IMAGE_TYPES.map((type) => [type, { schema: picture }])),
          },
          "304": { description: "Not modified (If-None-Match named this picture)" },
          "404": {
            description: "No such picture (unknown product, or a replaced or removed picture)",
            content: { "application/json": { schema: rootError } },
          },
        },
      },
    },
  };
}

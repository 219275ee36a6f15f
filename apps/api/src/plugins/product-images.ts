import { productImage } from "@keyway/core";
import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../deps";

/**
 * GET /images/products/:productId/:sha256 — a product's picture, public (the store shows it to
 * anyone). The URL names the bytes' hash, so an answer never changes: cached for a year,
 * `immutable`, with the hash as its ETag; an old hash (a replaced picture) is not found. The
 * stored type is the one core read from the bytes (PNG, JPEG or WebP), and nosniff keeps the
 * browser to it. A vendor may show it on its own site too: `Cross-Origin-Resource-Policy:
 * cross-origin` on these answers only (helmet's `same-origin` stays on everything else).
 */
export async function productImagesPlugin(app: FastifyInstance, deps: AppDeps) {
  app.get<{ Params: { productId: string; sha256: string } }>(
    "/images/products/:productId/:sha256",
    async (request, reply) => {
      const { productId, sha256 } = request.params;
      const image = await productImage(deps.db, { productId, sha: sha256 });
      const etag = `"${image.sha256}"`;
      reply
        .header("cache-control", "public, max-age=31536000, immutable")
        .header("etag", etag)
        .header("x-content-type-options", "nosniff")
        .header("cross-origin-resource-policy", "cross-origin");
      if (matchesEtag(request.headers["if-none-match"], etag)) return reply.code(304).send();
      return reply.type(image.contentType).send(image.bytes);
    },
  );
}

/** Whether If-None-Match names this ETag (a list, weak forms, or `*`). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === etag || tag === "*");
}

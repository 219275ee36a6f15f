import { PRODUCT_IMAGE_MAX_BYTES } from "./product-images";

/**
 * The operations whose body may be larger than the server's 64 KB, in one table: the API gives
 * each its own route with its own limit, on REST (apps/api plugins/openapi.ts) and on /trpc
 * (unbatched, plugins/trpc.ts), and the console's client sends them alone, never in a batch.
 * Every other call keeps 64 KB.
 */
export const LARGE_BODY_OPERATIONS = [
  {
    /** A product picture in base64 (4/3 of its bytes) and then some, so one a little too large is refused by core in words. */
    procedure: "catalog.setProductImage",
    method: "PUT",
    path: "/products/:productId/image",
    bodyLimit: 2 * PRODUCT_IMAGE_MAX_BYTES,
  },
  {
    /** A whole license file (10,000 rows) moved in from another system. */
    procedure: "license.import",
    method: "POST",
    path: "/licenses/import",
    bodyLimit: 16 * 1024 * 1024,
  },
] as const;

/** Whether a tRPC call must go alone (its body may exceed a batch's 64 KB). */
export function needsLargeBody(procedure: string): boolean {
  return LARGE_BODY_OPERATIONS.some((o) => o.procedure === procedure);
}

import type { AnyTRPCRouter } from "@trpc/server";

/** The parts of an OpenAPI 3.1 document the post-processing below reads and rewrites. */
export interface ResponseObject {
  description: string;
  content?: Record<string, { schema?: unknown }>;
  [key: string]: unknown;
}
export interface OperationObject {
  responses?: Record<string, ResponseObject | Record<string, unknown>>;
  requestBody?: unknown;
  security?: Record<string, string[]>[];
  [key: string]: unknown;
}
export interface OpenApiDocument {
  info?: Record<string, unknown>;
  paths?: Record<string, Record<string, unknown> | undefined>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
}

/** An operation built from a procedure's `meta.openapi` (the dialects' hand-written paths are not). */
export interface NativeOperation {
  method: string;
  path: string;
  /** trpc-to-openapi's `protect` (default true): a vendor credential is required. */
  protect: boolean;
  object: OperationObject;
  /** The procedure behind it (its `meta.openapi` says what the generator dropped). */
  procedure: unknown;
}

type OpenApiMeta = { openapi?: { method: string; path: string; protect?: boolean } };

export function nativeOperationsOf(document: OpenApiDocument, router: AnyTRPCRouter): NativeOperation[] {
  const procedures = router._def.procedures as Record<string, { _def: { meta?: OpenApiMeta } }>;
  const operations: NativeOperation[] = [];
  for (const procedure of Object.values(procedures)) {
    const openapi = procedure._def.meta?.openapi;
    if (!openapi) continue;
    const method = openapi.method.toLowerCase();
    const object = document.paths?.[openapi.path]?.[method] as OperationObject | undefined;
    if (!object) continue;
    operations.push({ method, path: openapi.path, protect: openapi.protect !== false, object, procedure });
  }
  return operations;
}

import type { AnyTRPCRouter } from "@trpc/server";
import { nativeOperationsOf, type OpenApiDocument } from "./openapi-operations";

type Body = { required?: boolean; content?: Record<string, { schema?: { required?: unknown[] } }> };

/**
 * trpc-to-openapi marks every request body required, but a body whose fields are all optional
 * (a suspension's `reason`, a refund's `amount`) may be left out: the server takes no body as `{}`
 * (see the `/api/v1` scope in openapi.ts). The document says so, or a validator refuses the call.
 */
export function withOptionalBodies<T>(document: T, router: AnyTRPCRouter): T {
  for (const { object } of nativeOperationsOf(document as OpenApiDocument, router)) {
    const body = object.requestBody as Body | undefined;
    const schema = body?.content?.["application/json"]?.schema;
    if (body && schema && !schema.required?.length) body.required = false;
  }
  return document;
}

import type { AnyTRPCRouter } from "@trpc/server";
import { nativeOperationsOf, type OpenApiDocument } from "./openapi-operations";

type Declared = { _def: { meta?: { openapi?: { errorResponses?: Record<string, string> | number[] } } } };

/**
 * trpc-to-openapi builds one response object per error status and shares it between routes, so
 * every route's 404 read as the first route's text ("No such product for this vendor" on an
 * order). Each operation gets its own copy, with the description its procedure declares.
 */
export function withOwnErrorDescriptions<T>(document: T, router: AnyTRPCRouter): T {
  for (const { object, procedure } of nativeOperationsOf(document as OpenApiDocument, router)) {
    const declared = (procedure as Declared)._def.meta?.openapi?.errorResponses;
    if (!declared || Array.isArray(declared) || !object.responses) continue;
    for (const [status, description] of Object.entries(declared)) {
      const shared = object.responses[status];
      if (shared) object.responses[status] = { ...shared, description };
    }
  }
  return document;
}

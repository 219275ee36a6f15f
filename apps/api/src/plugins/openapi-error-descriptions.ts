import type { AnyTRPCRouter } from "@trpc/server";

type Operation = { responses?: Record<string, { description?: string } & Record<string, unknown>> };
type OpenApiDocument = { paths?: Record<string, Record<string, Operation> | undefined> };
type OpenApiMeta = {
  openapi?: { method: string; path: string; errorResponses?: Record<string, string> | number[] };
};

/**
 * trpc-to-openapi builds one response object per error status and shares it between routes, so
 * every route's 404 read as the first route's text ("No such product for this vendor" on an
 * order). Each operation gets its own copy, with the description its procedure declares.
 */
export function withOwnErrorDescriptions<T>(document: T, router: AnyTRPCRouter): T {
  const paths = (document as OpenApiDocument).paths ?? {};
  const procedures = router._def.procedures as Record<string, { _def: { meta?: OpenApiMeta } }>;
  for (const procedure of Object.values(procedures)) {
    const openapi = procedure._def.meta?.openapi;
    const declared = openapi?.errorResponses;
    if (!openapi || !declared || Array.isArray(declared)) continue;
    const responses = paths[openapi.path]?.[openapi.method.toLowerCase()]?.responses;
    if (!responses) continue;
    for (const [status, description] of Object.entries(declared)) {
      const shared = responses[status];
      if (shared) responses[status] = { ...shared, description };
    }
  }
  return document;
}

import type { AnyTRPCRouter } from "@trpc/server";
import { nativeOperationsOf, type OpenApiDocument } from "./openapi-operations";

/**
 * A vendor's API credential, presented either way: its secret as a bearer token, or the key pair
 * (`x-api-key` + `x-api-secret`, the form Biznoq clients know). The console's session cookie
 * also reaches the same procedures, but it is the console's, not an API scheme.
 */
export const securitySchemes = {
  bearer: {
    type: "http",
    scheme: "bearer",
    description: "The API secret of a vendor credential: `Authorization: Bearer <secret>`.",
  },
  apiKey: {
    type: "apiKey",
    in: "header",
    name: "x-api-key",
    description: "The key of a vendor credential; sent with its secret in `x-api-secret`.",
  },
  apiSecret: {
    type: "apiKey",
    in: "header",
    name: "x-api-secret",
    description: "The secret of a vendor credential; sent with its key in `x-api-key`.",
  },
} as const;

/** Either the bearer secret, or the key and secret together. */
export const vendorSecurity: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [], apiSecret: [] }];

/**
 * trpc-to-openapi lists every scheme as an alternative of its own (a key without its secret would
 * do): protected operations get the two real alternatives, public ones say they need none.
 */
export function withSecurity<T>(document: T, router: AnyTRPCRouter): T {
  for (const operation of nativeOperationsOf(document as OpenApiDocument, router)) {
    operation.object.security = operation.protect ? structuredClone(vendorSecurity) : [];
  }
  return document;
}

import type { PublicRouter } from "@keyway/api/public-router";
import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client";

/** Keyway's tRPC router as a client sees it (for `createTRPCContext<AppRouter>()` and friends). */
export type AppRouter = PublicRouter;

export interface KeywayClientOptions {
  /** Keyway's base URL, e.g. `https://licenses.example.com` (the client calls `<url>/trpc`). */
  url: string;
  /** An API credential's secret (`sec_…`), sent as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** Another fetch (tests, edge runtimes). */
  fetch?: typeof globalThis.fetch;
  /** Extra headers on every request (tracing ids…). */
  headers?: Record<string, string>;
}

export type KeywayClient = TRPCClient<AppRouter>;

/**
 * The typed client for internal teams: every procedure of Keyway's API with its input and
 * output types, e.g. `await keyway.license.get.query({ licenseId })`. Calls made in the same
 * tick are batched into one HTTP request.
 */
export function createKeywayClient(options: KeywayClientOptions): KeywayClient {
  const base = options.url.replace(/\/+$/, "");
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${base}/trpc`,
        headers: () => ({ ...options.headers, authorization: `Bearer ${options.apiKey}` }),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ],
  });
}

import type { AppRouter } from "@keyway/api";
import { needsLargeBody } from "@keyway/schema";
import { createTRPCClient, httpBatchLink, httpLink, splitLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";

/**
 * The console's tRPC client: same-origin, the httpOnly `keyway_console` cookie authenticates,
 * and every request carries the session's CSRF token (required on mutations).
 */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

const options = {
  url: "/trpc",
  headers: () => (csrfToken ? { "x-csrf-token": csrfToken } : {}),
  fetch: (url: URL | RequestInfo, init?: RequestInit) => fetch(url, { ...init, credentials: "same-origin" }),
};

export function createConsoleClient() {
  return createTRPCClient<AppRouter>({
    links: [
      // A picture upload or a license file goes alone: its route has room for it, a batch's 64 KB does not.
      splitLink({
        condition: (op) => needsLargeBody(op.path),
        true: httpLink(options),
        false: httpBatchLink(options),
      }),
    ],
  });
}

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

import type { AppRouter } from "@keyway/api";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";

/**
 * The console's tRPC client: same-origin, the httpOnly `keyway_console` cookie authenticates,
 * and every request carries the session's CSRF token (required on mutations).
 */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

export function createConsoleClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "/trpc",
        headers: () => (csrfToken ? { "x-csrf-token": csrfToken } : {}),
        fetch: (url, init) => fetch(url, { ...init, credentials: "same-origin" }),
      }),
    ],
  });
}

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

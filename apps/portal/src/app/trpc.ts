import type { AppRouter } from "@keyway/api";
import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";

/**
 * The signed-in customer's CSRF token, learned from `customer.verifyCode` and `customer.me`:
 * every request carries it (the server requires it on mutations).
 */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** The portal's tRPC client: same origin; the httpOnly `keyway_session` cookie signs the customer in. */
export function createPortalClient() {
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

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 10_000 } },
  });
}

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/**
 * A store lives at `/<slug>` in the portal, so a slug must never be one of the top-level paths
 * the portal or the server answers themselves. Shared by the sign-up contract (console form and
 * server) and core, which also skips them when it derives a slug from the store's name.
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  // The portal's own pages (apps/portal/src/main.tsx) and its build output.
  "account",
  "assets",
  "console",
  "offline",
  "orders",
  "renew",
  "sign-in",
  // The server's map (apps/api/src/app.ts, plugins/portal.ts `apiPrefixes`).
  "api",
  "dev",
  "docs",
  "healthz",
  "images",
  "openapi",
  "pay",
  "trpc",
  "webhooks",
  "well-known",
  // Held for pages a portal or a store is likely to grow.
  "admin",
  "checkout",
  "help",
  "login",
  "logout",
  "receipts",
  "settings",
  "sign-out",
  "sign-up",
  "signin",
  "signup",
  "static",
  "status",
  "store",
  "stores",
  "support",
]);

export const RESERVED_SLUG_MESSAGE = "This address is reserved; choose another.";

export function isReservedSlug(slug: string): boolean {
  return RESERVED_SLUGS.has(slug.trim().toLowerCase());
}

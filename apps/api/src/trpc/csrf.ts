import { timingSafeEqual } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { headerOf } from "../http/headers";

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A cookie session's mutations must echo the session's CSRF token in `x-csrf-token` (double
 * submit): a cross-site form can send the cookie, never the header. Queries change nothing and
 * need no token. One check for the console's and the portal's sessions alike.
 */
export function requireCsrfToken(
  ctx: { headers: Record<string, unknown> },
  type: string,
  sessionCsrfToken: string,
): void {
  if (type === "query") return;
  const sent = headerOf(ctx.headers, "x-csrf-token");
  if (sent === undefined || !sameToken(sent, sessionCsrfToken)) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Missing or wrong CSRF token." });
  }
}

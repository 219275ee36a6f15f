import type { IncomingHttpHeaders } from "node:http";
import type { CredentialProof } from "@keyway/core";
import type { AppDeps } from "../deps";

export interface Context extends AppDeps {
  /** Vendor API credential presented with the request, if any (checked by vendorProcedure). */
  credential: CredentialProof | null;
  /** Session cookie token, if any (checked by the session procedures). */
  sessionToken: string | null;
  /** Console (vendor user) session cookie `keyway_console`, if any (checked by vendorUserProcedure). */
  consoleSessionToken: string | null;
  /** Adds a `Set-Cookie` header to the response (a no-op collector in tests). */
  setCookie: (cookie: string) => void;
  headers: IncomingHttpHeaders;
  ip: string;
}

/** Builds a context without a request: what tests and `createCaller` use. */
export function createContextInner(
  deps: AppDeps,
  request: Partial<
    Pick<Context, "credential" | "sessionToken" | "consoleSessionToken" | "setCookie" | "headers" | "ip">
  > = {},
): Context {
  return {
    ...deps,
    credential: request.credential ?? null,
    sessionToken: request.sessionToken ?? null,
    consoleSessionToken: request.consoleSessionToken ?? null,
    setCookie: request.setCookie ?? (() => {}),
    headers: request.headers ?? {},
    ip: request.ip ?? "127.0.0.1",
  };
}

/** Reads every way a vendor credential can be presented; the first one present wins. */
export function credentialFromHeaders(headers: IncomingHttpHeaders): CredentialProof | null {
  const one = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const auth = one("authorization");
  if (auth?.toLowerCase().startsWith("bearer ")) return { kind: "bearer", secret: auth.slice(7).trim() };
  const key = one("x-api-key");
  const secret = one("x-api-secret");
  if (key && secret) return { kind: "pair", key, secret };
  const brandUrl = one("brand-url");
  const authKey = one("auth-key");
  if (brandUrl && authKey) return { kind: "brand", brandUrl, secret: authKey };
  return null;
}

export function sessionTokenFromHeaders(
  headers: IncomingHttpHeaders,
  cookieName = "keyway_session",
): string | null {
  const cookie = headers.cookie;
  if (!cookie) return null;
  for (const part of cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === cookieName) return decodeURIComponent(rest.join("="));
  }
  return null;
}

export function createContextFactory(deps: AppDeps) {
  return ({
    req,
    res,
  }: {
    req: { headers: IncomingHttpHeaders; ip?: string; socket?: { remoteAddress?: string } };
    res?: { header: (name: string, value: string) => unknown };
  }) =>
    createContextInner(deps, {
      credential: credentialFromHeaders(req.headers),
      sessionToken: sessionTokenFromHeaders(req.headers),
      consoleSessionToken: sessionTokenFromHeaders(req.headers, "keyway_console"),
      // Fastify appends repeated `set-cookie` headers rather than replacing them.
      setCookie: (cookie) => res?.header("set-cookie", cookie),
      headers: req.headers,
      ip: req.ip ?? req.socket?.remoteAddress ?? "unknown",
    });
}

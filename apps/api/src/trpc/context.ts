import type { IncomingHttpHeaders } from "node:http";
import type { CredentialProof } from "@keyway/core";
import type { AppDeps } from "../deps";
import { credentialOf } from "../http/credentials";
import { cookieOf } from "../http/headers";

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

export function createContextFactory(deps: AppDeps) {
  return ({
    req,
    res,
  }: {
    req: { headers: IncomingHttpHeaders; ip?: string; socket?: { remoteAddress?: string } };
    res?: { header: (name: string, value: string) => unknown };
  }) =>
    createContextInner(deps, {
      credential: credentialOf(req),
      sessionToken: cookieOf(req, "keyway_session") ?? null,
      consoleSessionToken: cookieOf(req, "keyway_console") ?? null,
      // Fastify appends repeated `set-cookie` headers rather than replacing them.
      setCookie: (cookie) => res?.header("set-cookie", cookie),
      headers: req.headers,
      ip: req.ip ?? req.socket?.remoteAddress ?? "unknown",
    });
}

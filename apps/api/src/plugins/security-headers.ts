import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import helmet, { type HelmetOptions } from "helmet";
import type { AppDeps } from "../deps";
import { mailboxStyle } from "./dev-mailbox";
import { payPageStyle } from "./pay-page-html";

/** The inline style blocks of the server-rendered pages, allowed by hash (never 'unsafe-inline'). */
const inlineStyles = [payPageStyle, mailboxStyle].map(
  (css) => `'sha256-${createHash("sha256").update(css).digest("base64")}'`,
);

/**
 * One policy for every page: the portal and console (Vite build: module scripts and stylesheets
 * from /assets, data over fetch to the same origin), the sandbox pay page and the dev mailbox
 * (their own inline style blocks by hash). /docs relaxes two directives: docsPagePolicy.
 * Nothing may frame them.
 */
const baseDirectives = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", ...inlineStyles],
  imgSrc: ["'self'"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
};

/**
 * The sandbox pay page's form posts to itself, and the answer is a 303 to the vendor's return
 * URL on another origin: Chrome applies `form-action` to a submission's redirects, so that one
 * page has no `form-action` (everything on it is escaped server output; the rest stays the same).
 */
const { formAction: _formAction, ...payPageDirectives } = baseDirectives;
const payPagePolicy = { useDefaults: false, directives: payPageDirectives };

/**
 * /docs (Scalar's API reference, plugins/openapi-docs.ts): the same policy, but its page starts
 * the bundle with one inline script, allowed by its hash, and the bundle injects its own
 * `<style>` elements at run time, so styles are 'unsafe-inline' on that page only. The value of
 * its Content-Security-Policy header.
 */
export function docsPagePolicy(inlineScriptHashes: string[]): string {
  const directives = {
    ...baseDirectives,
    scriptSrc: ["'self'", ...inlineScriptHashes],
    styleSrc: ["'self'", "'unsafe-inline'"],
  };
  const [policy] = headersOf({ contentSecurityPolicy: { useDefaults: false, directives } }).filter(
    ([name]) => name.toLowerCase() === "content-security-policy",
  );
  return policy?.[1] ?? "";
}

/**
 * For the few answers Fastify sends before any hook runs (a URL that does not decode, an
 * over-long path parameter: `frameworkErrors`), so helmet never sees them: an error body needs
 * nothing but its own inline style, and nothing may frame it.
 */
export const frameworkErrorHeaders = {
  "content-security-policy": `default-src 'none'; style-src ${inlineStyles.join(" ")}; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
};

declare module "fastify" {
  interface FastifyContextConfig {
    /** This route's security headers in place of the app's (securityHeadersPlugin). */
    securityHeaders?: SecurityHeaders;
  }
}

/** Header name and value pairs, as helmet sets them. */
export type SecurityHeaders = readonly (readonly [string, string])[];

/**
 * The headers helmet sets for `options`, computed once: they are the same for every answer under
 * one policy. (@fastify/helmet built helmet's middleware again for every request, re-parsing the
 * policy: ~16 µs of a verification's ~230.)
 */
function headersOf(options: HelmetOptions): SecurityHeaders {
  const headers: [string, string][] = [];
  const capture = {
    setHeader: (name: string, value: string | number) => headers.push([name, String(value)]),
    removeHeader: () => {},
  };
  helmet(options)({} as IncomingMessage, capture as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

function optionsFor(production: boolean, contentSecurityPolicy: HelmetOptions["contentSecurityPolicy"]) {
  return {
    contentSecurityPolicy,
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  } satisfies HelmetOptions;
}

/** The sandbox pay page's headers: the app's, with the pay page's policy (no `form-action`). */
export function payPageSecurityHeaders(production: boolean): SecurityHeaders {
  return headersOf(optionsFor(production, payPagePolicy));
}

/**
 * Security headers on every answer (pages and API), by helmet: the CSP above, X-Frame-Options
 * DENY, nosniff, `Referrer-Policy: no-referrer` (order tokens and license keys travel in URLs),
 * and HSTS in production only. A route may name its own (`config.securityHeaders`). Registered
 * first, so that it covers every route and every error.
 */
export const securityHeadersPlugin = fp(async (app: FastifyInstance, deps: AppDeps) => {
  const everywhere = headersOf(
    optionsFor(deps.config.production, { useDefaults: false, directives: baseDirectives }),
  );
  app.addHook("onRequest", (request, reply, done) => {
    const headers = request.routeOptions.config.securityHeaders ?? everywhere;
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
});

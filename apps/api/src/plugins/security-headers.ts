import { createHash } from "node:crypto";
import helmet, { type FastifyHelmetOptions } from "@fastify/helmet";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
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
 * (their own inline style blocks by hash). /docs relaxes two directives: docsPageDirectives.
 * Nothing may frame them.
 */
const directives = {
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
const { formAction: _formAction, ...payPageDirectives } = directives;
export const payPageSecurityHeaders = {
  contentSecurityPolicy: { useDefaults: false, directives: payPageDirectives },
} satisfies FastifyHelmetOptions;

/**
 * /docs (Scalar's API reference, plugins/openapi-docs.ts): the same policy, but its page starts
 * the bundle with one inline script, allowed by its hash, and the bundle injects its own
 * `<style>` elements at run time, so styles are 'unsafe-inline' on that page only.
 */
export function docsPageDirectives(inlineScriptHashes: string[]) {
  return {
    ...directives,
    scriptSrc: ["'self'", ...inlineScriptHashes],
    styleSrc: ["'self'", "'unsafe-inline'"],
  };
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

/**
 * Security headers on every answer (pages and API): the CSP above, X-Frame-Options DENY,
 * nosniff, `Referrer-Policy: no-referrer` (order tokens and license keys travel in URLs), and
 * HSTS in production only. Registered first, so that it covers every route and every error.
 */
export const securityHeadersPlugin = fp(async (app: FastifyInstance, deps: AppDeps) => {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    hsts: deps.config.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
});

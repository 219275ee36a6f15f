import type { IncomingHttpHeaders } from "node:http";

/** A request's headers as Node gives them (lower-cased names; repeated ones as an array). */
export type HeaderBag = IncomingHttpHeaders | Readonly<Record<string, unknown>>;

/**
 * The one header reader of every surface (REST, /trpc, the dialects, the plugins): the first
 * value of `name` (any case), trimmed; absent, empty or blank is `undefined`. Takes a request
 * (Fastify's or Node's) or its headers.
 */
export function headerOf(source: { headers: HeaderBag } | HeaderBag, name: string): string | undefined {
  const raw = bagOf(source)[name.toLowerCase()];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return typeof first === "string" ? first.trim() || undefined : undefined;
}

/** The `Idempotency-Key` of a create route, if one was sent. */
export function idempotencyKeyOf(source: { headers: HeaderBag } | HeaderBag): string | undefined {
  return headerOf(source, "idempotency-key");
}

/** Every header with its first value (as headerOf reads it): what a gateway's callback check gets. */
export function firstHeaderValues(
  source: { headers: HeaderBag } | HeaderBag,
): Record<string, string | undefined> {
  const bag = bagOf(source);
  return Object.fromEntries(Object.keys(bag).map((name) => [name, headerOf(bag, name)]));
}

/**
 * The value of cookie `name` in the `Cookie` header (the first, if repeated), percent-decoded;
 * `undefined` when absent or empty. A value that does not decode is taken as sent: a forged
 * cookie is a wrong credential (401), never a server error.
 */
export function cookieOf(source: { headers: HeaderBag } | HeaderBag, name: string): string | undefined {
  const header = headerOf(source, "cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    return decodedOrRaw(raw) || undefined;
  }
  return undefined;
}

function decodedOrRaw(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function bagOf(source: { headers: HeaderBag } | HeaderBag): HeaderBag {
  const headers = (source as { headers?: unknown }).headers;
  // A request carries its headers as an object; a header *named* "headers" is a string.
  return typeof headers === "object" && headers !== null && !Array.isArray(headers)
    ? (headers as HeaderBag)
    : (source as HeaderBag);
}

import type { FastifyInstance, FastifyRequest } from "fastify";
import secureJson from "secure-json-parse";

/**
 * The one JSON body parser, registered once on the root instance, so every surface (REST, /trpc,
 * the dialects) reads bodies the same way: nesting past MAX_JSON_DEPTH is refused before parsing
 * (a legitimate body nests a handful of levels; thousands overflow the stack of whatever walks
 * it next), and `__proto__` / `constructor.prototype` keys are refused as Fastify's own parser
 * does (secure-json-parse). An empty body is no body. Failures are JsonBodyError (400), worded
 * in each surface's envelope by ./error-envelopes.ts.
 */
export const MAX_JSON_DEPTH = 32;

export class JsonBodyError extends Error {
  readonly statusCode = 400;
  constructor(message: string) {
    super(message);
    this.name = "JsonBodyError";
  }
}

/** True when arrays/objects nest deeper than `max` (brackets inside strings do not count). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}

/** Parses a JSON body as every surface reads it; throws JsonBodyError. */
export function parseJsonText(text: string): unknown {
  if (text.trim() === "") return undefined;
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new JsonBodyError(`The body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  try {
    return secureJson.parse(text, undefined, { protoAction: "error", constructorAction: "error" });
  } catch (error) {
    if (error instanceof SyntaxError && error.message.includes("forbidden prototype property")) {
      throw new JsonBodyError("The body must not set __proto__ or constructor.prototype.");
    }
    throw new JsonBodyError("The body is not valid JSON.");
  }
}

/**
 * Registers the parser for `application/json` (any case, any parameters: Fastify matches the
 * media type case-insensitively). The header is lower-cased when it was not, because tRPC and
 * trpc-to-openapi compare it as written ("Application/JSON" is JSON too, RFC 9110).
 */
export function registerJsonParser(app: FastifyInstance) {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser(
    "application/json",
    { parseAs: "string" },
    (request: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
      const type = request.headers["content-type"];
      if (type && !type.startsWith("application/json")) request.headers["content-type"] = type.toLowerCase();
      try {
        done(null, parseJsonText(typeof body === "string" ? body : body.toString("utf8")));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
}

import type { ErrorObject, ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { type DocumentedPath, documentedPaths, matchPath, type OpenApiDocumentLike } from "./routes";

/** One answer the server gave, as the client received it. */
export interface WireExchange {
  method: string;
  /** The request URL as sent (path and query). */
  url: string;
  status: number;
  contentType: string | undefined;
  body: string;
}

export interface WireViolation {
  method: string;
  path: string;
  status: number;
  problem: string;
}

/** Where the document must describe every route: any other path it lacks is not checked. */
const documentedPrefix = "/api/v1";
const documentId = "https://keyway.invalid/openapi.json";

const pointerPart = (part: string) => part.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * Checks answers against the served document: the operation's response for the status, its
 * media type, and the JSON body against the schema (Ajv, JSON Schema 2020-12 as OpenAPI 3.1 says;
 * `#/components/...` refs resolve in the document, added whole under an $id).
 */
export function createWireValidator(served: object) {
  const document = served as OpenApiDocumentLike;
  const paths = documentedPaths(document);
  // OpenAPI's own keywords (`example`, `discriminator`…) are not JSON Schema's: not strict.
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: documentId });
  const compiled = new Map<string, ValidateFunction>();
  const validatorAt = (pointer: string[]) => {
    const ref = `${documentId}#/${pointer.map(pointerPart).join("/")}`;
    let validate = compiled.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      compiled.set(ref, validate);
    }
    return validate;
  };
  const unknownRouteBody = document.components?.schemas?.Error404
    ? validatorAt(["components", "schemas", "Error404"])
    : null;

  /** Whether answers on this URL are checked at all. */
  function covers(url: string): boolean {
    const path = pathOf(url);
    return isUnderPrefix(path) || matchPath(paths, path) !== undefined;
  }

  /** What is wrong with this answer, or null. */
  function check(exchange: WireExchange): WireViolation | null {
    const path = pathOf(exchange.url);
    const method = exchange.method.toLowerCase();
    const violation = (problem: string): WireViolation => ({
      method: exchange.method,
      path,
      status: exchange.status,
      problem,
    });
    const documented = matchPath(paths, path);
    const operation = documented?.operations.get(method);
    if (!documented || !operation) {
      if (!isUnderPrefix(path) || method === "head" || method === "options") return null;
      // No such route: the server's 404, in the REST error body, is the right answer.
      if (exchange.status === 404 && unknownRouteBody) {
        const body = parseJson(exchange.body);
        if (body.ok && unknownRouteBody(body.value)) return null;
      }
      return violation(documented ? "undocumented method" : "undocumented route");
    }
    const status = String(exchange.status);
    const response =
      (operation.responses[status] && status) ||
      (operation.responses[`${status[0]}XX`] && `${status[0]}XX`) ||
      (operation.responses.default && "default");
    if (!response) {
      const known = Object.keys(operation.responses).join(", ");
      return violation(`status not documented for ${operationName(documented, operation.method)} (${known})`);
    }
    const content = operation.responses[response]?.content;
    if (!content) {
      return exchange.body.length > 0 ? violation("a body where the document declares none") : null;
    }
    const mediaType = (exchange.contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    const media = mediaTypeIn(content, mediaType);
    if (!media) {
      return violation(`content type "${mediaType}" not documented (${Object.keys(content).join(", ")})`);
    }
    if (!content[media]?.schema || !isJson(mediaType)) return null;
    const body = parseJson(exchange.body);
    if (!body.ok) return violation("the body is not JSON");
    const validate = validatorAt([
      "paths",
      operation.path,
      method,
      "responses",
      response,
      "content",
      media,
      "schema",
    ]);
    if (validate(body.value)) return null;
    return violation(`body does not match the schema: ${describeErrors(validate.errors ?? [], body.value)}`);
  }

  return { covers, check };
}

function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

function isUnderPrefix(path: string): boolean {
  return path === documentedPrefix || path.startsWith(`${documentedPrefix}/`);
}

function operationName(path: DocumentedPath, method: string): string {
  return `${method.toUpperCase()} ${path.template}`;
}

function isJson(mediaType: string): boolean {
  return mediaType === "application/json" || mediaType.endsWith("+json");
}

/** The document's media type that covers the answer's: exact, then `type/*`, then `*\/*`. */
function mediaTypeIn(content: Record<string, unknown>, mediaType: string): string | undefined {
  const wildcard = `${mediaType.split("/")[0]}/*`;
  return [mediaType, wildcard, "*/*"].find((candidate) => candidate in content);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function describeErrors(errors: ErrorObject[], body: unknown): string {
  const shown = errors.slice(0, 4).map((e) => {
    const got = ["type", "enum", "const", "format", "pattern"].includes(e.keyword)
      ? `, got ${JSON.stringify(valueAt(body, e.instancePath))?.slice(0, 60)}`
      : "";
    return `${e.instancePath || "(root)"} ${e.message ?? e.keyword}${paramsOf(e)}${got}`;
  });
  return shown.join("; ") + (errors.length > 4 ? `; … (${errors.length - 4} more)` : "");
}

function paramsOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if ("additionalProperty" in params) return ` (${String(params.additionalProperty)})`;
  if ("allowedValues" in params) return ` (${JSON.stringify(params.allowedValues)})`;
  if ("allowedValue" in params) return ` (${JSON.stringify(params.allowedValue)})`;
  return "";
}

function valueAt(value: unknown, pointer: string): unknown {
  if (!pointer) return value;
  return pointer
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>(
      (at, part) => (at && typeof at === "object" ? (at as Record<string, unknown>)[part] : undefined),
      value,
    );
}

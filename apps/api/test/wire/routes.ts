/**
 * Which documented operation a request reached. OpenAPI matches the path first (concrete paths
 * before templated ones), then the method; a path's full URL is its `servers` entry (operation,
 * path item, then document) plus the path, so a dialect route outside /api/v1 matches as served.
 */

export interface OpenApiDocumentLike {
  servers?: { url: string }[];
  paths?: Record<string, Record<string, unknown> | undefined>;
  components?: { schemas?: Record<string, unknown> };
}

export interface DocumentedOperation {
  /** The path as the document names it, e.g. `/licenses/{licenseId}`. */
  path: string;
  method: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> } | undefined>;
}

export interface DocumentedPath {
  /** The served path, e.g. `/api/v1/licenses/{licenseId}`. */
  template: string;
  pattern: RegExp;
  templated: number;
  operations: Map<string, DocumentedOperation>;
}

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** The path part of a server URL (`http://host/api/v1` → `/api/v1`; relative URLs as they are). */
function basePathOf(servers: { url: string }[] | undefined): string {
  const url = servers?.[0]?.url ?? "/";
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? new URL(url).pathname : url;
  return path.replace(/\/+$/, "");
}

function patternOf(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`);
}

export function documentedPaths(document: OpenApiDocumentLike): DocumentedPath[] {
  const byTemplate = new Map<string, DocumentedPath>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (!item) continue;
    const itemServers = item.servers as { url: string }[] | undefined;
    for (const method of methods) {
      const operation = item[method] as
        | { servers?: { url: string }[]; responses?: DocumentedOperation["responses"] }
        | undefined;
      if (!operation) continue;
      const template = basePathOf(operation.servers ?? itemServers ?? document.servers) + path;
      let entry = byTemplate.get(template);
      if (!entry) {
        entry = {
          template,
          pattern: patternOf(template),
          templated: (template.match(/\{[^}]+\}/g) ?? []).length,
          operations: new Map(),
        };
        byTemplate.set(template, entry);
      }
      entry.operations.set(method, { path, method, responses: operation.responses ?? {} });
    }
  }
  // Concrete before templated; among templated, the one whose first variable comes later.
  return [...byTemplate.values()].sort(
    (a, b) => a.templated - b.templated || b.template.indexOf("{") - a.template.indexOf("{"),
  );
}

/** The documented path a request path (raw, still percent-encoded) falls on, if any. */
export function matchPath(paths: DocumentedPath[], pathname: string): DocumentedPath | undefined {
  return paths.find((p) => p.pattern.test(pathname));
}

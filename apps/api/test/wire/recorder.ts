import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createWireValidator, type WireViolation } from "./validator";

/** How much of a body is kept for the check (the API's answers are far smaller). */
const maxBody = 4 * 1024 * 1024;

/**
 * Watches every answer a test server sends and checks those on documented routes (and on any
 * /api/v1 route) against its own /openapi.json. It listens on the Node server, before Fastify,
 * so nothing in the app's code paths knows it is there. `report()` lists what was wrong.
 */
export function recordWire(server: Server, document: object) {
  const validator = createWireValidator(document);
  const violations: WireViolation[] = [];
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    if (!validator.covers(url)) return;
    const method = req.method ?? "GET";
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === "function" || size > maxBody) return;
      const buffer =
        typeof chunk === "string"
          ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
          : Buffer.from(chunk as Uint8Array);
      size += buffer.length;
      chunks.push(buffer);
    };
    // Fastify hands its headers to writeHead, which keeps them from getHeader() when none was set before.
    let headContentType: string | undefined;
    const writeHead = res.writeHead;
    res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      const headers = args.find((a) => typeof a === "object" && a !== null);
      headContentType ??= contentTypeIn(headers);
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as typeof res.writeHead;
    const write = res.write;
    const end = res.end;
    res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      keep(chunk, rest[0]);
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof res.write;
    res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
      keep(chunk, rest[0]);
      return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
    } as typeof res.end;
    res.once("finish", () => {
      const violation = validator.check({
        method,
        url,
        status: res.statusCode,
        contentType: contentTypeIn({ "content-type": res.getHeader("content-type") }) ?? headContentType,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      if (violation) violations.push(violation);
    });
  };
  server.prependListener("request", onRequest);
  return {
    violations,
    stop() {
      server.off("request", onRequest);
    },
    /** The violations, one line each (repeats counted), or null when the wire told the truth. */
    report(): string | null {
      if (violations.length === 0) return null;
      const counts = new Map<string, number>();
      for (const v of violations) {
        const line = `${v.method} ${v.path} → ${v.status}: ${v.problem}`;
        counts.set(line, (counts.get(line) ?? 0) + 1);
      }
      const lines = [...counts].map(([line, n]) => (n > 1 ? `${line} (×${n})` : line));
      return `${violations.length} answer(s) differ from /openapi.json:\n  ${lines.join("\n  ")}`;
    },
  };
}

/** The content type in writeHead's headers (an object, or a flat array of names and values). */
function contentTypeIn(headers: unknown): string | undefined {
  if (Array.isArray(headers)) {
    const at = headers.findIndex((h, i) => i % 2 === 0 && String(h).toLowerCase() === "content-type");
    return at === -1 ? undefined : String(headers[at + 1]);
  }
  if (!headers || typeof headers !== "object") return undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === "content-type" && value !== undefined) {
      return Array.isArray(value) ? String(value[0]) : String(value);
    }
  }
  return undefined;
}

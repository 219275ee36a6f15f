import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing";

/**
 * /docs: Scalar's API reference, served whole by this server (page, bundle; the document at
 * /openapi.json) under a policy of its own, and the examples it shows. The browser side (it
 * renders, navigates, shows the examples, breaks no policy) is apps/portal/test/e2e/api-docs.test.ts.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
});
afterAll(async () => {
  await server?.close();
});

/** The CSP as a map of directive → sources. */
function policy(res: Response): Map<string, string[]> {
  const header = res.headers.get("content-security-policy") ?? "";
  return new Map(
    header
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name = "", ...sources]) => [name, sources]),
  );
}

describe("/docs", () => {
  it("is the API reference page, reached from /docs and /docs/", async () => {
    const bare = await fetch(`${server.url}/docs`, { redirect: "manual" });
    expect(bare.status).toBe(301);
    expect(bare.headers.get("location")).toBe("/docs/");
    const res = await fetch(`${server.url}/docs/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("<title>Keyway API reference</title>");
    expect(html).toContain('"url": "/openapi.json"');
  });

  it("loads everything from this server: the bundle is its own, fonts are the system's", async () => {
    const html = await (await fetch(`${server.url}/docs/`)).text();
    const sources = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(sources).toEqual(["js/scalar.js"]);
    const bundle = await fetch(new URL(sources[0] ?? "", `${server.url}/docs/`));
    expect(bundle.url).toBe(`${server.url}/docs/js/scalar.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toContain("javascript");
    expect(await bundle.text()).toContain("createApiReference");
    expect(html).toContain('"withDefaultFonts": false');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("allows its one inline script by hash, and loosens nothing else but inline styles", async () => {
    const res = await fetch(`${server.url}/docs/`);
    const html = await res.text();
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
      .filter(([, attributes = ""]) => !/\bsrc=/.test(attributes))
      .map(([, , body = ""]) => `'sha256-${createHash("sha256").update(body).digest("base64")}'`);
    expect(inline).toHaveLength(1);
    const csp = policy(res);
    expect(csp.get("script-src")).toEqual(["'self'", ...inline]);
    expect(csp.get("script-src-attr")).toEqual(["'none'"]);
    // Scalar injects its own <style> elements at run time: inline styles, on this page only.
    expect(csp.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    for (const directive of ["default-src", "connect-src", "img-src", "font-src"])
      expect(csp.get(directive), directive).toEqual(["'self'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");

    // The relaxation stays on /docs: the document and the portal keep the strict policy.
    for (const path of ["/openapi.json", "/"]) {
      const other = await fetch(`${server.url}${path}`);
      expect(policy(other).get("script-src"), path).toEqual(["'self'"]);
      expect(policy(other).get("style-src"), path).not.toContain("'unsafe-inline'");
      await other.arrayBuffer();
    }
  });
});

type Schema = {
  $ref?: string;
  type?: string | string[];
  example?: unknown;
  examples?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
};
type Operation = {
  tags?: string[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};
type OpenApiDocument = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

/** The places under `schema` where the reference would make up a value ("string", 0, -2^53). */
function unexampled(
  document: OpenApiDocument,
  schema: Schema,
  at: string,
  seen = new Set<string>(),
): string[] {
  if (schema.example !== undefined || schema.examples?.length) return [];
  if (schema.$ref) {
    const name = schema.$ref.split("/").pop() ?? "";
    if (seen.has(name)) return [];
    return unexampled(document, document.components?.schemas?.[name] ?? {}, name, new Set([...seen, name]));
  }
  const variants = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
  // A nullable field shows `null`, which is a true example (here and as `type: [t, "null"]` below).
  if (variants.some((v) => v.type === "null")) return [];
  if (variants.length) return variants.flatMap((v) => unexampled(document, v, at, seen));
  if (schema.properties)
    return Object.entries(schema.properties).flatMap(([key, v]) =>
      unexampled(document, v, `${at}.${key}`, seen),
    );
  if (schema.items) return unexampled(document, schema.items, `${at}[]`, seen);
  const type = [schema.type].flat();
  if (type.includes("null")) return [];
  const madeUp = type.includes("string") || type.includes("number") || type.includes("integer");
  return madeUp && !schema.enum && schema.const === undefined ? [at] : [];
}

describe("the reference's examples", () => {
  it("every native operation shows example values in its request body and its success answer", async () => {
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as OpenApiDocument;
    const missing: string[] = [];
    let operations = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        // The dialects' examples are their seeds' own, set where they are documented.
        if (operation.tags?.includes("dialects")) continue;
        operations++;
        const name = `${method.toUpperCase()} ${path}`;
        for (const media of Object.values(operation.requestBody?.content ?? {}))
          missing.push(...unexampled(document, media.schema ?? {}, `${name} body`));
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          if (!status.startsWith("2")) continue;
          for (const media of Object.values(response.content ?? {}))
            missing.push(...unexampled(document, media.schema ?? {}, `${name} ${status}`));
        }
      }
    }
    expect(operations).toBeGreaterThan(40);
    expect([...new Set(missing)]).toEqual([]);
  });
});

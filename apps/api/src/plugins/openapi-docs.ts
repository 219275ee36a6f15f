import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import scalarApiReference from "@scalar/fastify-api-reference";
import type { FastifyInstance } from "fastify";
import { docsPagePolicy } from "./security-headers";

/**
 * The getting-started text (credential, the two ways to authenticate, a first call) as markdown,
 * for the document's `info.description`: Scalar renders it above the operations and lists its
 * headings in the navigation.
 */
export const openApiIntro = readFileSync(new URL("./openapi-intro.md", import.meta.url), "utf8").trim();

export interface ApiDocsOptions {
  /** Where the OpenAPI document is served (the one document; the page fetches it). */
  specUrl: string;
}

/**
 * /docs: Scalar's API reference for the OpenAPI document. Everything it needs comes from this
 * server — its bundle is /docs/js/scalar.js (shipped inside the package), fonts are the
 * system's — so the page works without internet access. Registered without fastify-plugin,
 * so the looser page policy below applies to these routes only.
 */
export async function apiDocsPlugin(app: FastifyInstance, options: ApiDocsOptions) {
  app.addHook("onSend", async (_request, reply, payload) => {
    const type = String(reply.getHeader("content-type") ?? "");
    if (typeof payload === "string" && type.startsWith("text/html")) {
      // This page's policy in place of the app's (plugins/security-headers.ts).
      reply.raw.setHeader("content-security-policy", docsPagePolicy(inlineScriptHashes(payload)));
    }
    return payload;
  });

  await app.register(scalarApiReference, {
    routePrefix: "/docs",
    // `sources` rather than `url`: with `url` the plugin also mounts /docs/openapi.{json,yaml},
    // which it cannot fill from a URL; the one document stays at specUrl.
    configuration: {
      sources: [{ url: options.specUrl, title: "Keyway API" }],
      pageTitle: "Keyway API reference",
      withDefaultFonts: false,
      telemetry: false,
      showDeveloperTools: "never",
      hideClientButton: true,
      documentDownloadType: "json",
      defaultHttpClient: { targetKey: "shell", clientKey: "curl" },
      orderRequiredPropertiesFirst: true,
    },
    logLevel: "warn",
  });
}

/**
 * The CSP hashes of the page's inline scripts (Scalar starts its bundle with one). The page is
 * built from the fixed configuration above only — nothing from the request reaches it — so
 * hashing what is sent allows exactly that script and no other.
 */
function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const [, attributes = "", body = ""] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (/\bsrc=/.test(attributes)) continue;
    hashes.push(`'sha256-${createHash("sha256").update(body).digest("base64")}'`);
  }
  return hashes;
}

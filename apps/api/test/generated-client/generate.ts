import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from "openapi-typescript";
import { startTestServer } from "../../src/testing";

/** The committed client types, generated from `/openapi.json` and checked against it by a test. */
export const clientTypesPath = fileURLToPath(new URL("./openapi.d.ts", import.meta.url));
export const regenerateCommand = "pnpm --filter @keyway/api gen:client";

// Biome leaves the file as openapi-typescript writes it, so a regeneration is a byte-for-byte comparison.
const suppressions = "// biome-ignore-all format: generated\n// biome-ignore-all lint: generated\n";
const banner = `// Regenerate with \`${regenerateCommand}\` whenever the API document changes.\n\n`;

export async function servedDocument(serverUrl: string): Promise<OpenAPI3> {
  const res = await fetch(`${serverUrl}/openapi.json`);
  if (!res.ok) throw new Error(`GET /openapi.json answered ${res.status}`);
  return (await res.json()) as OpenAPI3;
}

/** The types openapi-typescript makes of a document, default options, as the committed file holds them. */
export async function clientTypesOf(document: OpenAPI3): Promise<string> {
  return `${suppressions}${COMMENT_HEADER}${banner}${astToString(await openapiTS(document, { silent: true }))}`;
}

export function committedClientTypes(): Promise<string> {
  return readFile(clientTypesPath, "utf8");
}

/** Generates from a throwaway test server (in-memory database): the document depends on code, not data. */
export async function generateClientTypes(): Promise<string> {
  const server = await startTestServer();
  try {
    return await clientTypesOf(await servedDocument(server.url));
  } finally {
    await server.close();
  }
}

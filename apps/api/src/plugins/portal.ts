import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../deps";

const defaultDir = fileURLToPath(new URL("../../../portal/dist", import.meta.url));
/** Paths that belong to the API: the SPA fallback never answers them (nor can a vendor slug be one). */
export const apiPrefixes = [
  "/api/",
  "/trpc/",
  "/webhooks/",
  "/pay/",
  "/images/",
  "/healthz",
  "/openapi.json",
  "/docs",
  "/dev/",
  "/.well-known/",
];

/** The built portal at `/`, with an SPA fallback to index.html for client-side routes. */
export async function portalPlugin(app: FastifyInstance, deps: AppDeps) {
  const root = deps.config.PORTAL_DIR ?? defaultDir;
  if (!existsSync(`${root}/index.html`)) {
    app.log.warn(`portal not built (${root}); run \`pnpm build\` to serve it`);
    return;
  }
  await app.register(fastifyStatic, { root, wildcard: false, index: false });
  const serveIndex = (reply: { sendFile: (f: string) => unknown }) => reply.sendFile("index.html");
  app.get("/", (_req, reply) => serveIndex(reply));
  app.get("/*", (req, reply) => {
    const path = req.url.split("?")[0] ?? "/";
    // The app's not-found answer, in the envelope of the surface the path names.
    if (apiPrefixes.some((p) => path.startsWith(p))) return reply.callNotFound();
    // Real files (assets) first; anything else is a client route.
    const file = path.slice(1);
    if (file.includes(".") && existsSync(`${root}/${file}`)) return reply.sendFile(file);
    return serveIndex(reply);
  });
}

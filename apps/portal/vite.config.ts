import { gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/** Budget for what the browser must load before the first page renders (gzipped). */
const INITIAL_JS_BUDGET_KB = 150;

/**
 * Reports the initial JavaScript of the build: the entry chunk plus every chunk it imports
 * statically (lazy routes excluded), gzipped — and fails the build over the budget.
 */
function initialJsSize(): Plugin {
  // Development builds (NODE_ENV=test in the browser tests) bundle React's dev runtime: report only.
  let production = true;
  return {
    name: "keyway-initial-js-size",
    apply: "build",
    configResolved(config) {
      production = config.isProduction;
    },
    generateBundle(_options, bundle) {
      const chunks = new Map<string, { code: string; imports: string[] }>();
      const entries: string[] = [];
      for (const [name, item] of Object.entries(bundle)) {
        if (item.type !== "chunk") continue;
        chunks.set(name, { code: item.code, imports: item.imports });
        if (item.isEntry) entries.push(name);
      }
      const seen = new Set<string>();
      const visit = (name: string) => {
        if (seen.has(name)) return;
        seen.add(name);
        for (const dep of chunks.get(name)?.imports ?? []) visit(dep);
      };
      for (const e of entries) visit(e);
      const bytes = [...seen].reduce((sum, n) => sum + gzipSync(chunks.get(n)?.code ?? "").length, 0);
      const kb = bytes / 1024;
      this.info(
        `initial JS: ${kb.toFixed(1)} KB gzipped in ${seen.size} chunks (budget ${INITIAL_JS_BUDGET_KB} KB)`,
      );
      if (production && kb > INITIAL_JS_BUDGET_KB)
        this.error(`initial JS is ${kb.toFixed(1)} KB gzipped, over the ${INITIAL_JS_BUDGET_KB} KB budget`);
    },
  };
}

const api = process.env.KEYWAY_API_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react(), initialJsSize()],
  server: {
    port: 5173,
    proxy: Object.fromEntries(
      [
        "/trpc",
        "/api",
        "/pay",
        "/webhooks",
        "/healthz",
        "/openapi.json",
        "/docs",
        "/dev/",
        "/.well-known",
      ].map((p) => [p, api]),
    ),
  },
  build: { outDir: "dist", sourcemap: false },
});

import { defineConfig } from "tsdown";

/**
 * The published build: ESM and CommonJS, each with declarations bundled by rolldown-plugin-dts.
 * The router type (`@keyway/api/public-router`, written out in full with no server types) and
 * the certificate contract (`@keyway/schema`) are inlined; `dependencies` stay imports.
 * tsconfig.build.json maps those two workspace imports to their sources, so tsc emits their
 * declarations (it never emits for files it reached through node_modules).
 */
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  platform: "neutral",
  target: "es2022",
  tsconfig: "tsconfig.build.json",
  dts: true,
  clean: true,
  // Only the schema modules the certificate check reads (their `.meta()` calls would keep all).
  treeshake: { moduleSideEffects: (id) => !id.includes("/packages/schema/") },
});

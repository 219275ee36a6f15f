import { defineConfig } from "vitest/config";

/** Every test file starts a real server over a fresh database (apps/api's timeouts). */
export default defineConfig({
  test: { testTimeout: 30_000, hookTimeout: 60_000, include: ["test/**/*.test.ts"] },
});

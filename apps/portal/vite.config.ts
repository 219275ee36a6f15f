import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const api = process.env.KEYWAY_API_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
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
        "/dev",
        "/.well-known",
      ].map((p) => [p, api]),
    ),
  },
  build: { outDir: "dist", sourcemap: false },
});

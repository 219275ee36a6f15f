export { buildApp } from "./app";
export { createDeps } from "./deps";
export { loadConfig } from "./env";
export { startServer } from "./server";
export type { AppRouter } from "./trpc/router";

export * from "./errors";
export * from "./keys";
export * from "./domain";
export * from "./licensing";
export * from "./webhooks";

export * from "./errors";
export * from "./keys";
export * from "./webhooks";
export * from "./domain";
export * from "./licensing";
export * from "./vendors";
export * from "./catalog";
export * from "./console";

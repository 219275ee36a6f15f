export * from "./errors";
export * from "./keys";
export * from "./domain";
export * from "./licensing";

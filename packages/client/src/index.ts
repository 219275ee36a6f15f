export * from "./verify-certificate";
export * from "./create-client";

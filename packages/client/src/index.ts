export * from "./create-client";
export * from "./verify-certificate";

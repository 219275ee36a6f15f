export * from "./verify-certificate";

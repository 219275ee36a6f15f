export * from "./create-client";
export * from "./offline";
export * from "./verify-answer";
export * from "./verify-certificate";

export * from "./catalog";
export * from "./columns";
export * from "./commerce";
export * from "./customers";
export * from "./events";
export * from "./licenses";
export * from "./vendors";
export * from "./webhooks";

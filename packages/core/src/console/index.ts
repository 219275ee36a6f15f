export * from "./customers";
export * from "./dashboard";
export * from "./search-licenses";

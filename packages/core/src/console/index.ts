export * from "./create-license-by-hand";
export * from "./customers";
export * from "./dashboard";
export * from "./search-licenses";

export * from "./plans";
export * from "./products";

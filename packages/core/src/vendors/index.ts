export * from "./credentials";
export * from "./passwords";
export * from "./sessions";
export * from "./settings";
export * from "./sign-in";
export * from "./sign-in-limiter";
export * from "./sign-up";
export * from "./users";

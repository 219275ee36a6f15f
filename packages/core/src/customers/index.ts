export * from "./account";
export * from "./sign-in";

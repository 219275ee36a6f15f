export * from "drizzle-orm";
export * from "./client";
export * from "./crypto";
export * from "./health";
export * from "./schema/index";

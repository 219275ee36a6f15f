export * from "./auth/authenticate-credential";
export * from "./events/event-types";
export * from "./events/record-event";
export * from "./shared/duration";
export * from "./shared/errors";
export * from "./shared/secrets";

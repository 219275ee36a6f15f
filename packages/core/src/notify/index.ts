export * from "./notifier";

export * from "./memory-host.ts";

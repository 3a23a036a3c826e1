export * from "./money.ts";
export * from "./enums.ts";
export * from "./fields.ts";
export * from "./entities.ts";
export * from "./metrics.ts";
export * from "./events/catalog.ts";
export * from "./events/envelope.ts";

export * from "./client.ts";
export * from "./query.ts";
export * as schema from "./schema/index.ts";
export * from "./json-rows.ts";

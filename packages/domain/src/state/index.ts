export * from "./types.ts";
export * from "./apply.ts";
export * from "./metric-accumulator.ts";
export * from "./transitions.ts";
export * from "./event-values.ts";

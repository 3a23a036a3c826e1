export * from "./interpreter/host.ts";
export * from "./interpreter/effects.ts";
export * from "./interpreter/run-state.ts";

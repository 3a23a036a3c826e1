export * from "./errors.ts";
export * from "./workflows/store.ts";
export * from "./workflows/lifecycle.ts";
export { GraphDocument, compileGraph, type Graph } from "./workflow-port.ts";
export * from "./test-run.ts";
export { DryRunHost } from "./host/dry-run-host.ts";
export { DbReads } from "./host/read-host.ts";

export * from "./partners.ts";
export * from "./selling.ts";
export * from "./enablement.ts";
export * from "./rewards.ts";
export * from "./work.ts";
export * from "./events.ts";
export * from "./workflows.ts";

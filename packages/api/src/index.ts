import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./routers/root.ts";

export { appRouter, type AppRouter } from "./routers/root.ts";
export { createContext, type Context, type Logger } from "./context.ts";
export { createCallerFactory } from "./trpc.ts";
export { flattenIssues, issuesMessage, type Issue } from "./errors.ts";
export { catalogJson } from "./routers/directory.ts";

/** Inputs of every procedure, e.g. `RouterInputs["partners"]["list"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Outputs of every procedure, e.g. `RouterOutputs["partners"]["byId"]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

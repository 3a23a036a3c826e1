export * from "./interpreter/host.ts";
export * from "./interpreter/effects.ts";
export * from "./interpreter/run-state.ts";
export * from "./interpreter/interpreter.ts";
export * from "./graph/document.ts";
export * from "./values.ts";
export * from "./conditions/schema.ts";
export * from "./conditions/typing.ts";
export * from "./conditions/render.ts";
export {
  compileCondition,
  type CompiledCondition,
  type ValueSpec,
  type EvalContext,
} from "./conditions/compile.ts";
export * from "./compiler/problems.ts";
export * from "./compiler/ir.ts";
export * from "./compiler/hash.ts";
export * from "./compiler/migrate.ts";
export * from "./compiler/compile.ts";
export * from "./nodes/define.ts";
export * from "./nodes/registry.ts";
export * from "./compiler/json-schema.ts";
export * from "./triggers/match.ts";

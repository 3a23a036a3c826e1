/**
 * The Partnerflow expression language: formulas ("min(event.amount * 3%, 10000 USD)") and
 * merge-field templates ("Hello {{partner.name}}"). A hand-written lexer, Pratt parser,
 * type checker against the data catalog and a closure compiler — no eval, no `Function`,
 * no `vm`, no I/O; runs in Node and the browser. See ARCHITECTURE.md.
 *
 * Typical use (compile once, evaluate many times):
 *   const env = catalogTypeEnv({ eventType: "sale.recorded" });
 *   const c = compileExpression("min(event.amount * 3%, 10000 USD)", env);
 *   if (!c.ok) showErrors(c.errors);            // [{ message, start, end }]
 *   else c.evaluate({ data: { event, partner }, now, metric });   // ExprValue
 */
export type { ExprNode, BinaryOp } from "./ast.ts";
export { parseExpression, type ParseResult } from "./parser.ts";
export { checkExpression, FUNCTION_NAMES, parseWindow, type CheckResult } from "./checker.ts";
export {
  compileExpression,
  compileAst,
  type CompiledExpression,
  type CompileResult,
} from "./compiler.ts";
export {
  parseTemplate,
  compileTemplate,
  renderTemplate,
  renderTemplateHtml,
  escapeHtml,
  type TemplatePart,
  type TemplateParseResult,
  type CompiledTemplate,
  type TemplateCompileResult,
} from "./template.ts";
export {
  catalogTypeEnv,
  catalogMetricType,
  mapTypeEnv,
  fieldType,
  suggest,
  type TypeEnv,
} from "./env.ts";
export { T, typeName, unify, type ExprType, type ExprTypeKind } from "./types.ts";
export {
  LIMITS,
  ExprRuntimeError,
  RUNTIME_ERROR_CODES,
  type ExprError,
  type ExprRuntimeErrorCode,
} from "./errors.ts";
export {
  isMoney,
  asMoney,
  toDomainMoney,
  type ExprMoney,
  type ExprValue,
  type MetricValue,
  type Scope,
} from "./values.ts";
export { formatValue } from "./format.ts";
export { FUNCTIONS, type FnDef } from "./functions.ts";
export { runExpression } from "./run.ts";

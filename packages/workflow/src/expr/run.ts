import type { CompiledExpression } from "./compiler.ts";
import { ExprRuntimeError } from "./errors.ts";
import type { ExprValue, Scope } from "./values.ts";

/**
 * Evaluates without throwing for data problems: `{ ok: false, error }` carries the typed
 * `ExprRuntimeError` (its `code` says why). Errors thrown by the host's own callbacks
 * (e.g. a failing metric reader) are not ours to swallow and propagate.
 */
export function runExpression(
  expr: Pick<CompiledExpression, "evaluate">,
  scope: Scope,
): { ok: true; value: ExprValue } | { ok: false; error: ExprRuntimeError } {
  try {
    return { ok: true, value: expr.evaluate(scope) };
  } catch (e) {
    if (e instanceof ExprRuntimeError) return { ok: false, error: e };
    throw e;
  }
}

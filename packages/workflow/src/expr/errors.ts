/** Limits that keep hostile or runaway input cheap to reject. */
export const LIMITS = {
  /** Longest expression source accepted, in characters. */
  maxSourceLength: 2_000,
  /** Deepest nesting of the syntax tree (parentheses, operators, calls). */
  maxDepth: 64,
  /** Longest string an evaluation may produce. */
  maxStringLength: 10_000,
  /** Longest template source accepted, in characters. */
  maxTemplateLength: 20_000,
  /** Most `{{ … }}` holes in one template. */
  maxTemplateHoles: 200,
  /** Most arguments in one function call. */
  maxArgs: 32,
} as const;

/**
 * A parse or type error, positioned by character offsets into the source
 * (`start` inclusive, `end` exclusive) so editors can underline it.
 */
export interface ExprError {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/** Why an evaluation failed. Each code is a user-facing condition, never an internal bug. */
export const RUNTIME_ERROR_CODES = [
  "division_by_zero",
  "currency_mismatch",
  "missing_value",
  "bad_value",
  "bad_date",
  "overflow",
  "string_too_long",
  "metric_unavailable",
  "type_mismatch",
  "bad_argument",
] as const;
export type ExprRuntimeErrorCode = (typeof RUNTIME_ERROR_CODES)[number];

/** Thrown by `evaluate`: a typed failure of one evaluation (bad data, division by zero, …). */
export class ExprRuntimeError extends Error {
  override readonly name = "ExprRuntimeError";
  constructor(
    readonly code: ExprRuntimeErrorCode,
    message: string,
    /** Source offsets of the sub-expression that failed, when known. */
    readonly start?: number,
    readonly end?: number,
  ) {
    super(message);
  }
}

/** Internal: aborts parsing at the first error (the parser reports one error per source). */
export class ParseAbort {
  constructor(readonly error: ExprError) {}
}

import type { MetricRef } from "@partnerflow/domain";
import type { ExprNode } from "./ast.ts";
import { checkExpression } from "./checker.ts";
import { mulMinorRational, toRational } from "./decimal.ts";
import type { TypeEnv } from "./env.ts";
import { ExprRuntimeError, type ExprError } from "./errors.ts";
import { FUNCTIONS } from "./functions.ts";
import { add, compare, div, equals, mod, mul, neg, sub } from "./ops.ts";
import { parseExpression } from "./parser.ts";
import type { ExprType } from "./types.ts";
import { asMoney, coercer, isMoney, readPath, type ExprValue, type Scope } from "./values.ts";

type Fn = (s: Scope) => ExprValue;

/** A compiled expression: evaluate it as often as needed; it holds no mutable state. */
export interface CompiledExpression {
  readonly source: string;
  readonly ast: ExprNode;
  readonly type: ExprType;
  /**
   * Evaluates against a scope. Throws `ExprRuntimeError` (with a `code`) when the data
   * makes the formula fail (empty field, two currencies, division by zero, …).
   */
  evaluate(scope: Scope): ExprValue;
  /** Paths and metrics the expression reads, for dependency tracking and traces. */
  readonly reads: { readonly paths: readonly string[]; readonly metrics: readonly MetricRef[] };
}

export type CompileResult =
  | ({ readonly ok: true } & CompiledExpression)
  | { readonly ok: false; readonly errors: readonly ExprError[] };

/** Parses, type-checks and compiles an expression to closures, once. */
export function compileExpression(source: string, env: TypeEnv): CompileResult {
  const parsed = parseExpression(source);
  if (!parsed.ok) return parsed;
  return compileAst(source, parsed.ast, env);
}

/** Compiles an already-parsed tree (templates parse their holes themselves). */
export function compileAst(source: string, ast: ExprNode, env: TypeEnv): CompileResult {
  const checked = checkExpression(ast, env);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const paths = new Set<string>();
  const metricRefs: MetricRef[] = [];
  const foldErrors: ExprError[] = [];
  const FOLD_SCOPE: Scope = { data: {}, now: new Date(0) };

  const typeOf = (n: ExprNode): ExprType => checked.types.get(n) ?? { kind: "unknown" };

  /** Compiles a node; `constant` is set when its value does not depend on the scope. */
  const build = (node: ExprNode): { fn: Fn; constant: boolean } => {
    const out = raw(node);
    if (!out.constant || node.kind === "number" || node.kind === "string") return out;
    try {
      const value = out.fn(FOLD_SCOPE);
      return { fn: () => value, constant: true };
    } catch (e) {
      if (!(e instanceof ExprRuntimeError)) throw e;
      foldErrors.push({ message: e.message, start: node.start, end: node.end });
      // Not foldable after all: parents must not evaluate it at compile time either.
      return { fn: out.fn, constant: false };
    }
  };

  const raw = (node: ExprNode): { fn: Fn; constant: boolean } => {
    switch (node.kind) {
      case "number":
      case "string":
      case "boolean": {
        const v = node.value;
        return { fn: () => v, constant: true };
      }
      case "money": {
        const v = { amountMinor: node.amountMinor, currency: node.currency };
        return { fn: () => v, constant: true };
      }
      case "null":
        return { fn: () => null, constant: true };
      case "path":
        return { fn: pathReader(node.segments, typeOf(node)), constant: false };
      case "unary": {
        const o = build(node.operand);
        const f = o.fn;
        return {
          fn: node.op === "not" ? (s) => notValue(f(s)) : (s) => neg(f(s)),
          constant: o.constant,
        };
      }
      case "conditional": {
        const [c, a, b] = [build(node.test), build(node.then), build(node.otherwise)];
        const [cf, af, bf] = [c.fn, a.fn, b.fn];
        return {
          fn: (s) => (cf(s) === true ? af(s) : bf(s)),
          constant: c.constant && a.constant && b.constant,
        };
      }
      case "binary":
        return binary(node);
      case "call":
        return call(node);
    }
  };

  const pathReader = (segments: readonly string[], type: ExprType): Fn => {
    paths.add(segments.join("."));
    const coerce = coercer(type, `"${segments.join(".")}"`);
    return (s) => coerce(readPath(s.data, segments));
  };

  const binary = (node: ExprNode & { kind: "binary" }): { fn: Fn; constant: boolean } => {
    const l = build(node.left);
    const r = build(node.right);
    const constant = l.constant && r.constant;
    const [lf, rf] = [l.fn, r.fn];
    switch (node.op) {
      case "and":
        return { fn: (s) => lf(s) === true && rf(s) === true, constant };
      case "or":
        return { fn: (s) => lf(s) === true || rf(s) === true, constant };
      case "==":
        return { fn: (s) => equals(lf(s), rf(s)), constant };
      case "!=":
        return { fn: (s) => !equals(lf(s), rf(s)), constant };
      case "<":
      case "<=":
      case ">":
      case ">=": {
        const rank = enumRank(typeOf(node.left)) ?? enumRank(typeOf(node.right));
        const test = ORDER_TESTS[node.op];
        return {
          fn: (s) => {
            const c = compare(lf(s), rf(s), rank);
            return c !== undefined && test(c);
          },
          constant,
        };
      }
      case "+":
        return { fn: (s) => add(lf(s), rf(s)), constant };
      case "-":
        return { fn: (s) => sub(lf(s), rf(s)), constant };
      case "/":
        return { fn: (s) => div(lf(s), rf(s)), constant };
      case "%":
        return { fn: (s) => mod(lf(s), rf(s)), constant };
      case "*":
      case "of": {
        const fast = scaledMoney(l, r) ?? scaledMoney(r, l);
        return { fn: fast ?? ((s) => mul(lf(s), rf(s))), constant };
      }
    }
  };

  /** Hot path: money × constant factor as integer arithmetic on minor units. */
  const scaledMoney = (m: { fn: Fn }, k: { fn: Fn; constant: boolean }): Fn | undefined => {
    if (!k.constant) return undefined;
    const factor = k.fn(FOLD_SCOPE);
    if (typeof factor !== "number") return undefined;
    const rational = toRational(factor);
    if (!rational) return undefined;
    const mf = m.fn;
    return (s) => {
      const v = mf(s);
      if (!isMoney(v)) return mul(v, factor);
      return {
        amountMinor: mulMinorRational(v.amountMinor, rational, factor),
        currency: v.currency,
      };
    };
  };

  const call = (node: ExprNode & { kind: "call" }): { fn: Fn; constant: boolean } => {
    if (node.name === "metric") return { fn: metricReader(node), constant: false };
    const args = node.args.map(build);
    const fns = args.map((a) => a.fn);
    const allConst = args.every((a) => a.constant);
    if (node.name === "if") {
      const [cf, af, bf] = fns as [Fn, Fn, Fn];
      return { fn: (s) => (cf(s) === true ? af(s) : bf(s)), constant: allConst };
    }
    if (node.name === "coalesce") {
      return {
        fn: (s) => {
          for (const f of fns) {
            const v = f(s);
            if (v !== null) return v;
          }
          return null;
        },
        constant: allConst,
      };
    }
    const def = FUNCTIONS[node.name]!;
    const run = def.run;
    const usesClock = node.name === "now" || node.name === "today";
    if (fns.length === 1) {
      const [a] = fns as [Fn];
      return { fn: (s) => run([a(s)], s), constant: allConst && !usesClock };
    }
    if (fns.length === 2 && (node.name === "min" || node.name === "max")) {
      // Hot in reward formulas ("min(amount * 3%, cap)"): skip the argument array.
      const [a, b] = fns as [Fn, Fn];
      const wantLess = node.name === "min";
      return {
        fn: (s) => {
          const x = a(s);
          const y = b(s);
          if (isMoney(x) && isMoney(y) && x.currency === y.currency) {
            return x.amountMinor <= y.amountMinor === wantLess ? x : y;
          }
          return run([x, y], s);
        },
        constant: allConst,
      };
    }
    if (fns.length === 2) {
      const [a, b] = fns as [Fn, Fn];
      return { fn: (s) => run([a(s), b(s)], s), constant: allConst && !usesClock };
    }
    return {
      fn: (s) =>
        run(
          fns.map((f) => f(s)),
          s,
        ),
      constant: allConst && !usesClock,
    };
  };

  const metricReader = (node: ExprNode): Fn => {
    const ref = checked.metrics.get(node)!;
    metricRefs.push(ref);
    const type = typeOf(node);
    const label = `metric "${ref.metric}"`;
    return (s) => {
      if (!s.metric)
        throw new ExprRuntimeError(
          "metric_unavailable",
          `No metrics are available to read ${label}`,
        );
      const v = s.metric(ref);
      if (v === null || v === undefined) return null;
      if (type.kind === "money") {
        const m = asMoney(v);
        if (!m) throw new ExprRuntimeError("bad_value", `${label} is not an amount of money`);
        return m;
      }
      if (typeof v !== "number" || !Number.isFinite(v))
        throw new ExprRuntimeError("bad_value", `${label} is not a number`);
      return v;
    };
  };

  const root = build(ast);
  if (foldErrors.length > 0) return { ok: false, errors: foldErrors };
  const fn = root.fn;
  return {
    ok: true,
    source,
    ast,
    type: checked.type,
    evaluate: fn,
    reads: { paths: [...paths].sort(), metrics: metricRefs },
  };
}

const ORDER_TESTS = {
  "<": (c: number) => c < 0,
  "<=": (c: number) => c <= 0,
  ">": (c: number) => c > 0,
  ">=": (c: number) => c >= 0,
} as const;

function enumRank(t: ExprType): ReadonlyMap<string, number> | undefined {
  return t.kind === "enum" && t.ordered ? new Map(t.options.map((o, i) => [o, i])) : undefined;
}

function notValue(v: ExprValue): boolean {
  if (v === null) return true;
  if (typeof v !== "boolean")
    throw new ExprRuntimeError("type_mismatch", '"not" expects true/false');
  return !v;
}

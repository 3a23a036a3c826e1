import {
  CALENDAR_UNITS,
  METRIC_NAMES,
  MetricRef,
  type CalendarUnit,
  type MetricWindow,
} from "@partnerflow/domain";
import type { ExprNode } from "./ast.ts";
import { suggest, type TypeEnv } from "./env.ts";
import type { ExprError } from "./errors.ts";
import { FUNCTIONS } from "./functions.ts";
import { isTextLike, T, typeName, unify, type ExprType } from "./types.ts";

/** Names callable in expressions: the allow-listed functions plus the special forms. */
export const FUNCTION_NAMES: readonly string[] = [
  ...Object.keys(FUNCTIONS),
  "if",
  "coalesce",
  "metric",
].sort();

export interface CheckResult {
  /** The expression's type (`unknown` where errors prevented inference). */
  readonly type: ExprType;
  readonly errors: readonly ExprError[];
  /** Inferred type of every node, for the compiler. */
  readonly types: ReadonlyMap<ExprNode, ExprType>;
  /** The resolved metric reference of every `metric(…)` call. */
  readonly metrics: ReadonlyMap<ExprNode, MetricRef>;
}

/** "quarter", "all", "90d" → a metric window. */
export function parseWindow(text: string): MetricWindow | undefined {
  if ((CALENDAR_UNITS as readonly string[]).includes(text)) {
    return { kind: "calendar", unit: text as CalendarUnit };
  }
  if (text === "all") return { kind: "all" };
  const m = /^(\d{1,4})d$/.exec(text);
  if (m) return { kind: "trailing", days: Number(m[1]) };
  return undefined;
}

/**
 * Type-checks a syntax tree against an environment. Collects every error it can find
 * (positioned by source offsets) instead of stopping at the first.
 */
export function checkExpression(ast: ExprNode, env: TypeEnv): CheckResult {
  const errors: ExprError[] = [];
  const types = new Map<ExprNode, ExprType>();
  const metrics = new Map<ExprNode, MetricRef>();
  const err = (message: string, node: { start: number; end: number }): void => {
    errors.push({ message, start: node.start, end: node.end });
  };

  const visit = (node: ExprNode): ExprType => {
    const t = infer(node);
    types.set(node, t);
    return t;
  };

  const enumLiteral = (enumSide: ExprType, other: ExprNode): void => {
    if (enumSide.kind !== "enum" || other.kind !== "string") return;
    if (enumSide.options.includes(other.value)) return;
    const hint = suggest(other.value, enumSide.options);
    err(
      `"${other.value}" is not an option here${hint ? ` — did you mean "${hint}"?` : ""} (options: ${enumSide.options.join(", ")})`,
      other,
    );
  };

  const infer = (node: ExprNode): ExprType => {
    switch (node.kind) {
      case "number":
        return T.number;
      case "money":
        return T.money(node.currency);
      case "string":
        return T.text;
      case "boolean":
        return T.boolean;
      case "null":
        return T.null;
      case "path": {
        const t = env.resolve(node.segments);
        if (t) return t;
        const dotted = node.segments.join(".");
        const hint = suggest(dotted, env.paths());
        err(`Unknown field "${dotted}"${hint ? ` — did you mean "${hint}"?` : ""}`, node);
        return T.unknown;
      }
      case "unary": {
        const t = visit(node.operand);
        if (node.op === "not") {
          if (!["boolean", "unknown", "null"].includes(t.kind))
            err(`"not" expects true/false, got ${typeName(t)}`, node);
          return T.boolean;
        }
        if (!["number", "money", "unknown", "null"].includes(t.kind))
          err(`Cannot negate ${typeName(t)}`, node);
        return t.kind === "null" ? T.number : t;
      }
      case "binary":
        return binary(node);
      case "conditional": {
        const c = visit(node.test);
        if (!["boolean", "unknown", "null"].includes(c.kind))
          err(`The condition must be true/false, got ${typeName(c)}`, node.test);
        const a = visit(node.then);
        const b = visit(node.otherwise);
        const u = unify(a, b);
        if (!u)
          err(`Both branches must have one type; got ${typeName(a)} and ${typeName(b)}`, node);
        return u ?? T.unknown;
      }
      case "call":
        return call(node);
    }
  };

  const binary = (node: ExprNode & { kind: "binary" }): ExprType => {
    const a = visit(node.left);
    const b = visit(node.right);
    const op = node.op;
    const loose = a.kind === "unknown" || b.kind === "unknown";
    const fail = (what: string): ExprType => {
      err(what, node);
      return T.unknown;
    };
    if (op === "and" || op === "or") {
      for (const [t, n] of [
        [a, node.left],
        [b, node.right],
      ] as const) {
        if (!["boolean", "unknown", "null"].includes(t.kind))
          err(`"${op}" expects true/false, got ${typeName(t)}`, n);
      }
      return T.boolean;
    }
    if (op === "==" || op === "!=") {
      enumLiteral(a, node.right);
      enumLiteral(b, node.left);
      if (!loose && a.kind !== "null" && b.kind !== "null" && !unify(a, b)) {
        err(`Cannot compare ${typeName(a)} with ${typeName(b)}`, node);
      }
      return T.boolean;
    }
    if (op === "<" || op === "<=" || op === ">" || op === ">=") {
      enumLiteral(a, node.right);
      enumLiteral(b, node.left);
      const en = a.kind === "enum" ? a : b.kind === "enum" ? b : undefined;
      if (en && en.kind === "enum" && !en.ordered)
        err(`These options have no order; use "==" or "!="`, node);
      if (!loose && a.kind !== "null" && b.kind !== "null") {
        const u = unify(a, b);
        if (!u) err(`Cannot compare ${typeName(a)} with ${typeName(b)}`, node);
        else if (u.kind === "boolean") err("true/false values have no order", node);
      }
      return T.boolean;
    }
    if (loose) return op === "+" && (isTextLike(a) || isTextLike(b)) ? T.text : T.unknown;
    const an = a.kind === "null" ? T.number : a;
    const bn = b.kind === "null" ? T.number : b;
    switch (op) {
      case "+":
      case "-":
        if (an.kind === "number" && bn.kind === "number") return T.number;
        if (an.kind === "money" && bn.kind === "money") {
          if (an.currency && bn.currency && an.currency !== bn.currency) {
            return fail(
              `Cannot ${op === "+" ? "add" : "subtract"} ${an.currency} and ${bn.currency} amounts`,
            );
          }
          return T.money(an.currency ?? bn.currency);
        }
        if (op === "+" && isTextLike(an) && isTextLike(bn)) return T.text;
        return fail(
          `Cannot ${op === "+" ? "add" : "subtract"} ${typeName(bn)} ${op === "+" ? "to" : "from"} ${typeName(an)}`,
        );
      case "*":
      case "of":
        if (an.kind === "number" && bn.kind === "number") return T.number;
        if (an.kind === "money" && bn.kind === "number") return an;
        if (an.kind === "number" && bn.kind === "money") return bn;
        if (an.kind === "money" && bn.kind === "money")
          return fail("Cannot multiply two amounts of money");
        return fail(`Cannot multiply ${typeName(an)} by ${typeName(bn)}`);
      case "/":
        if (an.kind === "number" && bn.kind === "number") return T.number;
        if (an.kind === "money" && bn.kind === "number") return an;
        if (an.kind === "money" && bn.kind === "money") {
          if (an.currency && bn.currency && an.currency !== bn.currency) {
            return fail(`Cannot divide ${an.currency} by ${bn.currency} amounts`);
          }
          return T.number;
        }
        return fail(`Cannot divide ${typeName(an)} by ${typeName(bn)}`);
      case "%":
        if (an.kind === "number" && bn.kind === "number") return T.number;
        return fail(`"%" (remainder) needs two numbers, got ${typeName(an)} and ${typeName(bn)}`);
    }
  };

  const call = (node: ExprNode & { kind: "call" }): ExprType => {
    const nameSpan = { start: node.start, end: node.nameEnd };
    if (node.name === "metric") return metricCall(node);
    const argTypes = node.args.map(visit);
    if (node.name === "if") {
      if (node.args.length !== 3) {
        err("if(condition, then, otherwise) takes 3 arguments", node);
        return T.unknown;
      }
      const [c, a, b] = argTypes as [ExprType, ExprType, ExprType];
      if (!["boolean", "unknown", "null"].includes(c.kind))
        err(`The condition must be true/false, got ${typeName(c)}`, node.args[0]!);
      const u = unify(a, b);
      if (!u) err(`Both branches must have one type; got ${typeName(a)} and ${typeName(b)}`, node);
      return u ?? T.unknown;
    }
    if (node.name === "coalesce") {
      if (node.args.length < 1) err("coalesce(a, b, …) needs at least one argument", node);
      let acc: ExprType = T.null;
      argTypes.forEach((t, i) => {
        const u = unify(acc, t);
        if (!u) err(`coalesce() cannot mix ${typeName(acc)} and ${typeName(t)}`, node.args[i]!);
        else acc = u;
      });
      return acc;
    }
    const fn = Object.hasOwn(FUNCTIONS, node.name) ? FUNCTIONS[node.name] : undefined;
    if (!fn) {
      const hint = suggest(node.name, FUNCTION_NAMES);
      err(`Unknown function "${node.name}"${hint ? ` — did you mean "${hint}"?` : ""}`, nameSpan);
      return T.unknown;
    }
    if (node.args.length < fn.minArgs || node.args.length > fn.maxArgs) {
      err(
        `${fn.signature} takes ${fn.minArgs === fn.maxArgs ? fn.minArgs : `${fn.minArgs} to ${fn.maxArgs}`} argument(s), got ${node.args.length}`,
        node,
      );
      return T.unknown;
    }
    return fn.check({
      types: argTypes,
      error: (message, i) => err(message, i === undefined ? node : (node.args[i] ?? node)),
    });
  };

  const metricCall = (node: ExprNode & { kind: "call" }): ExprType => {
    const usage =
      'metric("name", "window") — window is month, quarter, half, year, all or e.g. "90d"';
    const [nameArg, windowArg, lineArg] = node.args;
    if (!nameArg || node.args.length > 3 || node.args.some((a) => a.kind !== "string")) {
      err(`Use ${usage}, with quoted names`, node);
      return T.unknown;
    }
    const name = (nameArg as ExprNode & { kind: "string" }).value;
    if (!(METRIC_NAMES as readonly string[]).includes(name)) {
      const hint = suggest(name, METRIC_NAMES);
      err(`Unknown metric "${name}"${hint ? ` — did you mean "${hint}"?` : ""}`, nameArg);
      return T.unknown;
    }
    let window: MetricWindow | undefined;
    if (windowArg) {
      window = parseWindow((windowArg as ExprNode & { kind: "string" }).value);
      if (!window) {
        err(`Unknown window; ${usage}`, windowArg);
        return T.unknown;
      }
    }
    const parsed = MetricRef.safeParse({
      metric: name,
      ...(window ? { window } : {}),
      ...(lineArg ? { productLine: (lineArg as ExprNode & { kind: "string" }).value } : {}),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      err(
        `Invalid metric reference: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`.trim(),
        node,
      );
      return T.unknown;
    }
    const t = env.metric?.(parsed.data);
    if (!t) {
      err(`Metric "${name}" is not available here`, node);
      return T.unknown;
    }
    metrics.set(node, parsed.data);
    return t;
  };

  const type = visit(ast);
  return { type, errors, types, metrics };
}

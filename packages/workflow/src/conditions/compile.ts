import type { CurrencyCode, FieldMeta } from "@partnerflow/domain";
import { REPORTING_CURRENCY } from "@partnerflow/domain";
import { localProblem, type LocalProblem } from "../compiler/problems.ts";
import { dateMs, isMoneyLike, moneyToMinor } from "./normalize.ts";
import { ConditionTree, type Clause, type Group, type Operand } from "./schema.ts";
import { operandMeta, operatorsFor, rightSchema, type CatalogScope } from "./typing.ts";
import { renderClause } from "./render.ts";

/** Something the interpreter must fetch before a compiled condition can run. */
export type ValueSpec =
  | { key: string; kind: "operand"; operand: Operand; meta: FieldMeta; currency?: CurrencyCode }
  | { key: string; kind: "expr"; source: string; meta: FieldMeta; currency?: CurrencyCode };

/** Values handed to a compiled condition: money as minor units, dates as epoch ms. */
export interface EvalContext {
  readonly nowMs: number;
  /** The same values before the change, for changed / changed to / crossed. */
  readonly prev?: readonly unknown[] | undefined;
}

export interface ClauseExplanation {
  text: string;
  left: unknown;
  right: unknown;
  result: boolean;
}

export interface CompiledCondition {
  readonly specs: readonly ValueSpec[];
  evaluate(values: readonly unknown[], ctx: EvalContext): boolean;
  explain(
    values: readonly unknown[],
    ctx: EvalContext,
  ): { result: boolean; clauses: ClauseExplanation[] };
}

/** Checks an expression used as a right-hand value (supplied by the compiler: keeps this module free of the expression language). */
export type ExprChecker = (source: string, expected: FieldMeta) => string[];

type Pred = (v: readonly unknown[], c: EvalContext) => boolean;
interface Node {
  pred: Pred;
  explain: (v: readonly unknown[], c: EvalContext, out: ClauseExplanation[]) => boolean;
}

/** Normalizes a raw value of a field type for comparison (money → minor units, date → ms). */
export function normalizeValue(raw: unknown, meta: FieldMeta, currency?: CurrencyCode): unknown {
  if (raw === undefined || raw === null) return null;
  if (meta.type === "money" && isMoneyLike(raw))
    return moneyToMinor(raw, currency ?? REPORTING_CURRENCY);
  if (meta.type === "date") return dateMs(raw);
  return raw;
}

const DAY = 86_400_000;

/** Identifies an operand for sharing a fetched value between clauses (JSON only for rare shapes: it was a hot spot). */
function operandKey(op: Operand): string {
  return op.source === "event" || op.source === "partner" || op.source === "record"
    ? `${op.source}\u0000${op.field}`
    : JSON.stringify(op);
}

type CompileConditionResult =
  { ok: true; condition: CompiledCondition } | { ok: false; problems: LocalProblem[] };

/**
 * Type-checks a rule tree against the catalog and compiles it to closures, once. Problems
 * carry paths relative to the tree. Evaluation reads pre-fetched values by index, so the hot
 * path does no lookups and no allocation.
 */
export function compileCondition(
  input: unknown,
  scope: CatalogScope,
  checkExpr?: ExprChecker,
): CompileConditionResult {
  const parsed = ConditionTree.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) =>
        localProblem(
          "invalid_config",
          i.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
          i.message,
        ),
      ),
    };
  }
  return compileParsedCondition(parsed.data, scope, checkExpr);
}

/**
 * `compileCondition` for a tree that already passed `ConditionTree` (a node config the compiler
 * has parsed): skips parsing the tree a second time, which was a fifth of a big graph's compile.
 */
export function compileParsedCondition(
  tree: ConditionTree,
  scope: CatalogScope,
  checkExpr?: ExprChecker,
): CompileConditionResult {
  const specs: ValueSpec[] = [];
  const index = new Map<string, number>();
  const problems: LocalProblem[] = [];
  const slot = (spec: ValueSpec): number => {
    const found = index.get(spec.key);
    if (found !== undefined) return found;
    specs.push(spec);
    index.set(spec.key, specs.length - 1);
    return specs.length - 1;
  };

  const clause = (c: Clause, path: (string | number)[]): Node | null => {
    const meta = operandMeta(c.left, scope);
    if (typeof meta === "string") {
      problems.push(
        localProblem(
          c.left.source === "metric" ? "unknown_metric" : "unknown_field",
          [...path, "left"],
          meta,
        ),
      );
      return null;
    }
    if (!operatorsFor(meta).includes(c.op)) {
      problems.push(
        localProblem(
          "bad_operator",
          [...path, "op"],
          `"${c.op}" does not apply to a ${meta.type} field; use one of ${operatorsFor(meta).join(", ")}`,
        ),
      );
      return null;
    }
    const rs = rightSchema(c.op, meta);
    let currency: CurrencyCode | undefined;
    let right: { kind: "const"; value: unknown } | { kind: "slot"; index: number } = {
      kind: "const",
      value: null,
    };
    if (rs) {
      if (!c.right) {
        problems.push(
          localProblem("invalid_config", [...path, "right"], `"${c.op}" needs a value`),
        );
        return null;
      }
      if (c.right.kind === "literal") {
        const r = rs.safeParse(c.right.value);
        if (!r.success) {
          for (const i of r.error.issues) {
            const missingCurrency = meta.type === "money" && i.path.includes("currency");
            problems.push(
              localProblem(
                missingCurrency ? "missing_currency" : "type_mismatch",
                [...path, "right", "value", ...i.path.map(String)],
                i.message,
              ),
            );
          }
          return null;
        }
        const v: unknown = r.data;
        const first = Array.isArray(v) ? (v[0] as unknown) : v;
        if (meta.type === "money" && isMoneyLike(first)) currency = first.currency as CurrencyCode;
        if (c.left.source === "metric" && currency && currency !== REPORTING_CURRENCY) {
          problems.push(
            localProblem(
              "currency_mismatch",
              [...path, "right", "value", "currency"],
              `money metrics are in ${REPORTING_CURRENCY}; compare with a ${REPORTING_CURRENCY} amount`,
            ),
          );
          return null;
        }
        const norm = (x: unknown) =>
          c.op === "days_ahead_gt" || c.op === "days_ahead_lt"
            ? x
            : normalizeValue(x, meta, currency);
        right = { kind: "const", value: Array.isArray(v) ? v.map(norm) : norm(v) };
      } else {
        const errors = checkExpr?.(c.right.source, meta) ?? [];
        for (const e of errors)
          problems.push(localProblem("expression_error", [...path, "right", "source"], e));
        if (errors.length) return null;
        right = {
          kind: "slot",
          index: slot({
            key: `expr:${c.right.source}:${meta.type}`,
            kind: "expr",
            source: c.right.source,
            meta,
            ...(meta.type === "money" ? { currency: REPORTING_CURRENCY } : {}),
          }),
        };
        if (meta.type === "money") currency = REPORTING_CURRENCY;
      }
    }
    const li = slot({
      key: `${operandKey(c.left)}${currency ? `\u0000${currency}` : ""}`,
      kind: "operand",
      operand: c.left,
      meta,
      ...(currency ? { currency } : {}),
    });
    const pred = clausePred(c, meta, li, right);
    // Rendering money uses Intl (slow): render only when a trace asks for an explanation.
    let text: string | undefined;
    return {
      pred,
      explain: (v, ctx, out) => {
        const result = pred(v, ctx);
        out.push({
          text: (text ??= renderClause(c, scope)),
          left: v[li],
          right: right.kind === "const" ? right.value : v[right.index],
          result,
        });
        return result;
      },
    };
  };

  const group = (g: Group, path: (string | number)[]): Node | null => {
    const kids = g.children.map((ch, i) =>
      ch.kind === "clause"
        ? clause(ch, [...path, "children", i])
        : group(ch, [...path, "children", i]),
    );
    if (kids.some((k) => k === null)) return null;
    const preds = (kids as Node[]).map((k) => k.pred);
    const neg = g.negate === true;
    let pred: Pred;
    if (g.combinator === "all") {
      pred = (v, c) => {
        for (let i = 0; i < preds.length; i++) if (!preds[i]!(v, c)) return neg;
        return !neg;
      };
    } else {
      pred = (v, c) => {
        for (let i = 0; i < preds.length; i++) if (preds[i]!(v, c)) return !neg;
        return neg;
      };
    }
    return {
      pred,
      explain: (v, c, out) => {
        // Explaining evaluates every clause (no short circuit) so the trace shows each value.
        const rs = (kids as Node[]).map((k) => k.explain(v, c, out));
        const r = g.combinator === "all" ? rs.every(Boolean) : rs.some(Boolean);
        return neg ? !r : r;
      },
    };
  };

  const root = group(tree, []);
  if (!root || problems.length) return { ok: false, problems };
  const { pred, explain } = root;
  return {
    ok: true,
    condition: {
      specs,
      evaluate: pred,
      explain: (v, c) => {
        const clauses: ClauseExplanation[] = [];
        const result = explain(v, c, clauses);
        return { result, clauses };
      },
    },
  };
}

function clausePred(
  c: Clause,
  meta: FieldMeta,
  li: number,
  right: { kind: "const"; value: unknown } | { kind: "slot"; index: number },
): Pred {
  const R: (v: readonly unknown[]) => unknown =
    right.kind === "const" ? () => right.value : (v) => v[right.index];
  const k = right.kind === "const" ? right.value : undefined;
  const num = (x: unknown): x is number => typeof x === "number" && !Number.isNaN(x);
  const rank = (x: unknown) => (typeof x === "string" ? (meta.options ?? []).indexOf(x) : -1);
  switch (c.op) {
    case "eq":
      return right.kind === "const" ? (v) => v[li] === k : (v) => v[li] === R(v);
    case "neq":
      return (v) => v[li] !== R(v);
    case "in":
    case "not_in": {
      const want = c.op === "in";
      return (v) => {
        const r = R(v);
        return Array.isArray(r) ? r.includes(v[li]) === want : false;
      };
    }
    case "contains":
      return (v) => {
        const l = v[li];
        const r = R(v);
        return (
          typeof l === "string" &&
          typeof r === "string" &&
          l.toLowerCase().includes(r.toLowerCase())
        );
      };
    case "lt":
      return right.kind === "const"
        ? (v) => num(v[li]) && v[li] < (k as number)
        : (v) => num(v[li]) && v[li] < (R(v) as number);
    case "lte":
      return right.kind === "const"
        ? (v) => num(v[li]) && v[li] <= (k as number)
        : (v) => num(v[li]) && v[li] <= (R(v) as number);
    case "gt":
      return right.kind === "const"
        ? (v) => num(v[li]) && v[li] > (k as number)
        : (v) => num(v[li]) && v[li] > (R(v) as number);
    case "gte":
      return right.kind === "const"
        ? (v) => num(v[li]) && v[li] >= (k as number)
        : (v) => num(v[li]) && v[li] >= (R(v) as number);
    case "between":
      return (v) => {
        const r = R(v) as [number, number];
        const l = v[li];
        return num(l) && l >= r[0] && l <= r[1];
      };
    case "is_empty":
      return (v) => v[li] === null || v[li] === undefined || v[li] === "";
    case "not_empty":
      return (v) => !(v[li] === null || v[li] === undefined || v[li] === "");
    case "below":
      return (v) => rank(v[li]) >= 0 && rank(v[li]) < rank(R(v));
    case "above":
      return (v) => rank(v[li]) > rank(R(v));
    case "changed":
      return (v, ctx) => ctx.prev !== undefined && ctx.prev[li] !== v[li];
    case "changed_to":
      return (v, ctx) => ctx.prev !== undefined && ctx.prev[li] !== v[li] && v[li] === R(v);
    case "crossed":
      return (v, ctx) => {
        const before = ctx.prev?.[li];
        const now = v[li];
        const r = R(v) as number;
        return num(now) && now >= r && (!num(before) || before < r);
      };
    case "days_ahead_gt":
      return (v, ctx) => num(v[li]) && (v[li] - ctx.nowMs) / DAY > (R(v) as number);
    case "days_ahead_lt":
      return (v, ctx) => num(v[li]) && (v[li] - ctx.nowMs) / DAY < (R(v) as number);
  }
}

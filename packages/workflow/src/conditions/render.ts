import {
  describeMetric,
  formatMoney,
  toMinor,
  type CurrencyCode,
  type FieldMeta,
} from "@partnerflow/domain";
import {
  FACTS,
  OPERATORS,
  type Clause,
  type ConditionTree,
  type Group,
  type Operand,
} from "./schema.ts";
import { operandMeta, type CatalogScope } from "./typing.ts";

/** "Tier", "Amount", "sales this quarter": the left side in words. */
export function describeOperand(op: Operand, scope: CatalogScope): string {
  if (op.source === "metric") return capitalizeFirst(describeMetric(op.metric));
  if (op.source === "fact") return op.fact;
  const meta = operandMeta(op, scope);
  const label = typeof meta === "string" ? op.field : meta.label;
  return op.source === "record"
    ? `${scope.recordEntity ?? "record"} ${label.toLowerCase()}`
    : label;
}

function capitalizeFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A literal in words: money as "$100,000.00", lists as "Gold or Platinum". */
export function describeLiteral(v: unknown, meta?: FieldMeta | string): string {
  if (v === null || v === undefined) return "empty";
  if (Array.isArray(v)) {
    const parts = v.map((x) => describeLiteral(x, meta));
    return parts.length <= 1
      ? (parts[0] ?? "")
      : `${parts.slice(0, -1).join(", ")} or ${parts.at(-1)}`;
  }
  if (typeof v === "object" && "amount" in v && "currency" in v) {
    const m = v as { amount: string; currency: CurrencyCode };
    try {
      return formatMoney(toMinor(m), m.currency);
    } catch {
      return `${m.amount} ${m.currency}`;
    }
  }
  if (typeof v === "number") return v.toLocaleString("en-US");
  if (typeof v === "boolean") return v ? "yes" : "no";
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** One clause in plain English: "Tier is below Gold", "Sales this quarter ≥ $100,000.00". */
export function renderClause(c: Clause, scope: CatalogScope): string {
  if (c.left.source === "fact") {
    const f = FACTS[c.left.fact];
    const truthy = c.right?.kind === "literal" ? c.right.value !== false : true;
    const positive = (c.op === "eq") === truthy;
    const arg = c.left.arg ? ` “${c.left.arg}”` : "";
    return `partner ${positive ? f.yes : f.no}${arg}`;
  }
  const left = describeOperand(c.left, scope);
  const meta = operandMeta(c.left, scope);
  const op = OPERATORS[c.op];
  if (!c.right) return `${left} ${op}`;
  const right =
    c.right.kind === "expr" ? `(${c.right.source})` : describeLiteral(c.right.value, meta);
  if (c.op === "between" && c.right.kind === "literal" && Array.isArray(c.right.value)) {
    const [a, b] = c.right.value as unknown[];
    return `${left} is between ${describeLiteral(a, meta)} and ${describeLiteral(b, meta)}`;
  }
  if (c.op === "days_ahead_gt") return `${left} is more than ${right} days from now`;
  if (c.op === "days_ahead_lt") return `${left} is less than ${right} days from now`;
  return `${left} ${op} ${right}`;
}

/** A rule tree in plain English: "Tier is Gold and sales this quarter ≥ $100,000.00". */
export function renderCondition(tree: ConditionTree, scope: CatalogScope): string {
  const go = (g: Group, nested: boolean): string => {
    const parts = g.children.map((ch) =>
      ch.kind === "clause" ? renderClause(ch, scope) : go(ch, true),
    );
    if (parts.length === 0) return g.combinator === "all" ? "always" : "never";
    const joined = parts.join(g.combinator === "all" ? " and " : " or ");
    const wrapped = nested && parts.length > 1 ? `(${joined})` : joined;
    return g.negate ? `not ${parts.length > 1 ? `(${joined})` : joined}` : wrapped;
  };
  const s = go(tree, false);
  return s.charAt(0).toUpperCase() + s.slice(1);
}

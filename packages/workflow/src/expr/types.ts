import type { CurrencyCode } from "@partnerflow/domain";

/**
 * The static type of an expression, checked against the data catalog.
 * `money.currency` is set when the currency is known statically (a literal, a metric in the
 * reporting currency); event amounts carry their currency at run time only.
 */
export type ExprType =
  | { readonly kind: "text" }
  | { readonly kind: "number" }
  | { readonly kind: "money"; readonly currency?: CurrencyCode }
  | { readonly kind: "boolean" }
  | { readonly kind: "date" }
  | { readonly kind: "enum"; readonly options: readonly string[]; readonly ordered?: boolean }
  | { readonly kind: "null" }
  | { readonly kind: "unknown" };

export type ExprTypeKind = ExprType["kind"];

/** Shared singletons for the parameterless types. */
export const T = {
  text: { kind: "text" },
  number: { kind: "number" },
  boolean: { kind: "boolean" },
  date: { kind: "date" },
  null: { kind: "null" },
  unknown: { kind: "unknown" },
  money: (currency?: CurrencyCode): ExprType =>
    currency ? { kind: "money", currency } : { kind: "money" },
  enum: (options: readonly string[], ordered = false): ExprType =>
    ordered ? { kind: "enum", options, ordered } : { kind: "enum", options },
} as const satisfies Record<string, ExprType | ((...a: never[]) => ExprType)>;

/** "number", "money (USD)", "one of Registered, Silver, Gold": for error messages. */
export function typeName(t: ExprType): string {
  switch (t.kind) {
    case "money":
      return t.currency ? `money (${t.currency})` : "money";
    case "enum":
      return `one of ${t.options.map((o) => JSON.stringify(o)).join(", ")}`;
    default:
      return t.kind;
  }
}

/** Text-like types: text and enum values are both strings at run time. */
export function isTextLike(t: ExprType): boolean {
  return t.kind === "text" || t.kind === "enum";
}

/**
 * The common type of two branches (if/else, coalesce, min/max), or `undefined` when they
 * cannot be mixed. `null` and `unknown` blend with anything.
 */
export function unify(a: ExprType, b: ExprType): ExprType | undefined {
  if (a.kind === "unknown" || b.kind === "unknown") return T.unknown;
  if (a.kind === "null") return b;
  if (b.kind === "null") return a;
  if (a.kind === "money" && b.kind === "money") {
    if (a.currency && b.currency && a.currency !== b.currency) return undefined;
    return a.currency === b.currency ? a : T.money(a.currency ?? b.currency);
  }
  if (a.kind === "enum" && b.kind === "enum") {
    const same =
      a.options.length === b.options.length && a.options.every((o, i) => b.options[i] === o);
    return same ? a : T.text;
  }
  if (isTextLike(a) && isTextLike(b)) return T.text;
  return a.kind === b.kind ? a : undefined;
}

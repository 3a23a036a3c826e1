import { divNum, roundNum } from "./decimal.ts";
import { ExprRuntimeError } from "./errors.ts";
import { formatValue } from "./format.ts";
import { checkString, compare, mul, neg, roundMoney } from "./ops.ts";
import { T, typeName, unify, type ExprType } from "./types.ts";
import { isMoney, type ExprValue, type Scope } from "./values.ts";

/** What a function's type rule sees: argument types, and a way to report a problem. */
export interface FnCheck {
  readonly types: readonly ExprType[];
  /** Reports a type error on argument `i` (or the whole call when omitted). */
  error(message: string, argIndex?: number): void;
}

export interface FnDef {
  /** "round(x, digits)": shown in errors and the formula editor's help. */
  readonly signature: string;
  readonly description: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Return type given argument types; reports errors through `c`. */
  check(this: void, c: FnCheck): ExprType;
  /** Strict evaluation over already-evaluated arguments (lazy forms live in the compiler). */
  run(this: void, args: readonly ExprValue[], scope: Scope): ExprValue;
}

const DAY = 86_400_000;

const isNumeric = (t: ExprType): boolean =>
  t.kind === "number" || t.kind === "money" || t.kind === "unknown" || t.kind === "null";
const isKind = (t: ExprType, ...kinds: ExprType["kind"][]): boolean =>
  t.kind === "unknown" || t.kind === "null" || kinds.includes(t.kind);

function expectArgs(c: FnCheck, name: string, ok: (t: ExprType) => boolean, what: string): void {
  c.types.forEach((t, i) => {
    if (!ok(t)) c.error(`${name}() expects ${what}, got ${typeName(t)}`, i);
  });
}

function unifyAll(c: FnCheck, name: string): ExprType {
  let acc: ExprType = T.null;
  c.types.forEach((t, i) => {
    const u = unify(acc, t);
    if (!u) c.error(`${name}() cannot mix ${typeName(acc)} and ${typeName(t)}`, i);
    else acc = u;
  });
  return acc;
}

function nullToMissing(v: ExprValue): Exclude<ExprValue, null> {
  if (v === null)
    throw new ExprRuntimeError("missing_value", "A value used in the calculation is empty");
  return v;
}

function digitsArg(v: ExprValue | undefined): number {
  if (v === undefined) return 0;
  if (typeof v !== "number" || !Number.isInteger(v) || v < -12 || v > 12) {
    throw new ExprRuntimeError("bad_argument", "digits must be a whole number between -12 and 12");
  }
  return v;
}

function rounding(mode: "round" | "floor" | "ceil"): FnDef {
  return {
    signature: mode === "round" ? "round(x, digits)" : `${mode}(x, digits)`,
    description:
      mode === "round"
        ? "Rounds to `digits` decimal places (default 0), halves away from zero."
        : `Rounds ${mode === "floor" ? "down" : "up"} to \`digits\` decimal places (default 0).`,
    minArgs: 1,
    maxArgs: 2,
    check(c) {
      const [x = T.unknown, d] = c.types;
      if (!isNumeric(x)) c.error(`${mode}() expects a number or money, got ${typeName(x)}`, 0);
      if (d && !isKind(d, "number")) c.error(`${mode}() digits must be a number`, 1);
      return x.kind === "null" ? T.number : x;
    },
    run([x, d]) {
      const v = nullToMissing(x ?? null);
      const digits = digitsArg(d);
      if (typeof v === "number") return roundNum(v, digits, mode);
      if (isMoney(v)) return roundMoney(v, digits, mode);
      throw new ExprRuntimeError("type_mismatch", `${mode}() expects a number or money`);
    },
  };
}

function extreme(name: "min" | "max"): FnDef {
  return {
    signature: `${name}(a, b, …)`,
    description: `The ${name === "min" ? "smallest" : "largest"} of its arguments (numbers, money of one currency, or dates).`,
    minArgs: 1,
    maxArgs: 32,
    check(c) {
      expectArgs(c, name, (t) => isKind(t, "number", "money", "date"), "numbers, money or dates");
      return unifyAll(c, name);
    },
    run(args) {
      let best = nullToMissing(args[0] ?? null);
      for (let i = 1; i < args.length; i++) {
        const v = nullToMissing(args[i]!);
        const cmp = compare(v, best)!;
        if (name === "min" ? cmp < 0 : cmp > 0) best = v;
      }
      return best;
    },
  };
}

function textFn(
  name: string,
  description: string,
  f: (s: string) => ExprValue,
  ret: ExprType,
): FnDef {
  return {
    signature: `${name}(text)`,
    description,
    minArgs: 1,
    maxArgs: 1,
    check(c) {
      expectArgs(c, name, (t) => isKind(t, "text", "enum"), "text");
      return ret;
    },
    run([s]) {
      if (s === null || s === undefined) return null;
      if (typeof s !== "string")
        throw new ExprRuntimeError("type_mismatch", `${name}() expects text`);
      return f(s);
    },
  };
}

function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/**
 * The allow-list of functions. `if`, `coalesce` and `metric` are special forms compiled
 * by the compiler (lazy arguments, static metric references) and are not listed here.
 */
export const FUNCTIONS: Readonly<Record<string, FnDef>> = {
  min: extreme("min"),
  max: extreme("max"),
  round: rounding("round"),
  floor: rounding("floor"),
  ceil: rounding("ceil"),
  abs: {
    signature: "abs(x)",
    description: "The value without its sign.",
    minArgs: 1,
    maxArgs: 1,
    check(c) {
      expectArgs(c, "abs", isNumeric, "a number or money");
      return c.types[0]!.kind === "null" ? T.number : c.types[0]!;
    },
    run([x]) {
      const v = nullToMissing(x ?? null);
      if (typeof v === "number") return Math.abs(v);
      if (isMoney(v)) return v.amountMinor < 0 ? neg(v) : v;
      throw new ExprRuntimeError("type_mismatch", "abs() expects a number or money");
    },
  },
  clamp: {
    signature: "clamp(x, low, high)",
    description: "x limited to the range low…high.",
    minArgs: 3,
    maxArgs: 3,
    check(c) {
      expectArgs(
        c,
        "clamp",
        (t) => isKind(t, "number", "money", "date"),
        "numbers, money or dates",
      );
      return unifyAll(c, "clamp");
    },
    run([x, lo, hi]) {
      const v = nullToMissing(x ?? null);
      const l = nullToMissing(lo ?? null);
      const h = nullToMissing(hi ?? null);
      if (compare(l, h)! > 0)
        throw new ExprRuntimeError("bad_argument", "clamp() low is above high");
      if (compare(v, l)! < 0) return l;
      if (compare(v, h)! > 0) return h;
      return v;
    },
  },
  percent_of: {
    signature: "percent_of(percent, x)",
    description: "percent_of(3, amount) is 3% of amount.",
    minArgs: 2,
    maxArgs: 2,
    check(c) {
      const [p = T.unknown, x = T.unknown] = c.types;
      if (!isKind(p, "number"))
        c.error(`percent_of() percent must be a number, got ${typeName(p)}`, 0);
      if (!isNumeric(x)) c.error(`percent_of() expects a number or money, got ${typeName(x)}`, 1);
      return x.kind === "null" ? T.number : x;
    },
    run([p, x]) {
      const pct = nullToMissing(p ?? null);
      const v = nullToMissing(x ?? null);
      if (typeof pct !== "number")
        throw new ExprRuntimeError("type_mismatch", "percent must be a number");
      return mulByPercent(v, pct);
    },
  },
  concat: {
    signature: "concat(a, b, …)",
    description: "Joins values into one text (empty values are skipped).",
    minArgs: 1,
    maxArgs: 32,
    check: () => T.text,
    run(args) {
      let out = "";
      for (const a of args) {
        out += typeof a === "string" ? a : formatValue(a ?? null);
        checkString(out);
      }
      return out;
    },
  },
  upper: textFn("upper", "The text in capitals.", (s) => s.toUpperCase(), T.text),
  lower: textFn("lower", "The text in lower case.", (s) => s.toLowerCase(), T.text),
  length: textFn("length", "Number of characters in the text.", (s) => s.length, T.number),
  contains: {
    signature: "contains(text, part)",
    description: "Whether text contains part (case-insensitive).",
    minArgs: 2,
    maxArgs: 2,
    check(c) {
      expectArgs(c, "contains", (t) => isKind(t, "text", "enum"), "text");
      return T.boolean;
    },
    run([s, part]) {
      if (typeof s !== "string" || typeof part !== "string") return false;
      return s.toLowerCase().includes(part.toLowerCase());
    },
  },
  days_between: {
    signature: "days_between(from, to)",
    description: "Whole calendar days (UTC) from `from` to `to`; negative when `to` is earlier.",
    minArgs: 2,
    maxArgs: 2,
    check(c) {
      expectArgs(c, "days_between", (t) => isKind(t, "date"), "dates");
      return T.number;
    },
    run([a, b]) {
      const from = nullToMissing(a ?? null);
      const to = nullToMissing(b ?? null);
      if (!(from instanceof Date) || !(to instanceof Date)) {
        throw new ExprRuntimeError("type_mismatch", "days_between() expects dates");
      }
      return Math.round((startOfUtcDay(to).getTime() - startOfUtcDay(from).getTime()) / DAY);
    },
  },
  add_days: {
    signature: "add_days(date, days)",
    description: "The date `days` days later (earlier when negative).",
    minArgs: 2,
    maxArgs: 2,
    check(c) {
      const [d = T.unknown, n = T.unknown] = c.types;
      if (!isKind(d, "date")) c.error(`add_days() expects a date, got ${typeName(d)}`, 0);
      if (!isKind(n, "number")) c.error(`add_days() days must be a number, got ${typeName(n)}`, 1);
      return T.date;
    },
    run([d, n]) {
      const date = nullToMissing(d ?? null);
      const days = nullToMissing(n ?? null);
      if (!(date instanceof Date))
        throw new ExprRuntimeError("type_mismatch", "add_days() expects a date");
      if (typeof days !== "number" || !Number.isInteger(days) || Math.abs(days) > 1_000_000) {
        throw new ExprRuntimeError("bad_argument", "add_days() days must be a whole number");
      }
      const out = new Date(date.getTime() + days * DAY);
      if (Number.isNaN(out.getTime()))
        throw new ExprRuntimeError("bad_date", "add_days() left the calendar");
      return out;
    },
  },
  today: {
    signature: "today()",
    description: "Midnight (UTC) of the current day by the workflow clock.",
    minArgs: 0,
    maxArgs: 0,
    check: () => T.date,
    run: (_args, scope) => startOfUtcDay(scope.now),
  },
  now: {
    signature: "now()",
    description: "The current instant by the workflow clock (virtual in simulations).",
    minArgs: 0,
    maxArgs: 0,
    check: () => T.date,
    run: (_args, scope) => scope.now,
  },
};

/** x × pct / 100 with the same exact rounding as `*`. */
function mulByPercent(x: ExprValue, pct: number): ExprValue {
  return mul(x, divNum(pct, 100));
}

import {
  CURRENCY_EXPONENTS,
  fromMinor,
  type CurrencyCode,
  type MetricRef,
  type Money,
} from "@partnerflow/domain";
import { ExprRuntimeError } from "./errors.ts";
import type { ExprType } from "./types.ts";

/** Money at run time: exact integer minor units of its currency. */
export interface ExprMoney {
  readonly amountMinor: number;
  readonly currency: CurrencyCode;
}

/** Every value an expression can produce. Dates are `Date` instances, treated as immutable. */
export type ExprValue = string | number | boolean | null | ExprMoney | Date;

/** A metric value as the host may return it: a number, runtime money or domain money. */
export type MetricValue = number | ExprMoney | Money | null;

/**
 * What an expression reads at run time. Plain data only:
 * - `data` holds the root objects paths start from (`event` = the trigger event's payload,
 *   `partner` = the partner's current fields, anything declared via `extra`). Paths read
 *   OWN properties of plain objects only; anything else reads as null.
 * - `now` is the host clock (the simulation's virtual clock); `now()`/`today()` read it.
 * - `metric` answers `metric("sales_amount", "quarter")` for the partner in context.
 * Money fields may be domain money `{ amount: "12.50", currency }` or `{ amountMinor, currency }`;
 * dates may be `Date`s or ISO strings.
 */
export interface Scope {
  readonly data: Readonly<Record<string, unknown>>;
  readonly now: Date;
  readonly metric?: (ref: MetricRef) => MetricValue;
}

export function isMoney(v: unknown): v is ExprMoney {
  return (
    typeof v === "object" &&
    v !== null &&
    !(v instanceof Date) &&
    typeof (v as ExprMoney).amountMinor === "number"
  );
}

/** Runtime money → the domain's `{ amount: "12.50", currency }` (for effects and storage). */
export function toDomainMoney(m: ExprMoney): Money {
  return { amount: fromMinor(m.amountMinor, m.currency), currency: m.currency };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Reads a path through own properties of plain objects; never the prototype chain. */
export function readPath(root: unknown, segments: readonly string[]): unknown {
  let cur = root;
  for (const seg of segments) {
    if (!isPlainObject(cur) || !Object.hasOwn(cur, seg)) return null;
    cur = cur[seg];
  }
  return cur;
}

/** Parses "-1234.5" into minor units with `exp` decimals, without floats. */
export function parseMinor(text: string, exp: number): number | undefined {
  let i = 0;
  let neg = false;
  if (text.charCodeAt(0) === 45) {
    neg = true;
    i = 1;
  }
  let int = 0;
  let digits = 0;
  let frac = 0;
  let fracDigits = 0;
  let inFrac = false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 && !inFrac) {
      inFrac = true;
      continue;
    }
    if (c < 48 || c > 57) return undefined;
    const d = c - 48;
    if (inFrac) {
      if (fracDigits >= exp) {
        if (d !== 0) return undefined; // excess precision is not silently rounded away
        continue;
      }
      frac = frac * 10 + d;
      fracDigits++;
    } else {
      int = int * 10 + d;
      digits++;
    }
  }
  if (digits === 0 && fracDigits === 0) return undefined;
  while (fracDigits < exp) {
    frac *= 10;
    fracDigits++;
  }
  const minor = int * 10 ** exp + frac;
  if (!Number.isSafeInteger(minor)) return undefined;
  return neg ? -minor : minor;
}

/** Accepts runtime money or domain money; undefined for anything else. */
export function asMoney(v: unknown): ExprMoney | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const currency = o.currency;
  if (typeof currency !== "string" || !Object.hasOwn(CURRENCY_EXPONENTS, currency))
    return undefined;
  const cur = currency as CurrencyCode;
  if (typeof o.amountMinor === "number") {
    return Number.isSafeInteger(o.amountMinor)
      ? { amountMinor: o.amountMinor, currency: cur }
      : undefined;
  }
  const amount = o.amount;
  const exp = CURRENCY_EXPONENTS[cur];
  const minor =
    typeof amount === "string"
      ? parseMinor(amount, exp)
      : typeof amount === "number" && Number.isFinite(amount)
        ? parseMinor(String(amount), exp)
        : undefined;
  return minor === undefined ? undefined : { amountMinor: minor, currency: cur };
}

const NUMERIC = /^-?\d{1,20}(\.\d{1,20})?$/;

function bad(what: string, label: string): never {
  throw new ExprRuntimeError("bad_value", `${label} is not ${what}`);
}

/**
 * Returns a reader that turns raw scope data into a value of the declared type, so the
 * operators after it can trust their operands. Null and undefined read as null.
 */
export function coercer(type: ExprType, label: string): (raw: unknown) => ExprValue {
  switch (type.kind) {
    case "number":
      return (raw) => {
        if (raw === null || raw === undefined) return null;
        if (typeof raw === "number" && Number.isFinite(raw)) return raw;
        if (typeof raw === "string" && NUMERIC.test(raw)) return Number(raw);
        return bad("a number", label);
      };
    case "money":
      return (raw) => {
        if (raw === null || raw === undefined) return null;
        return asMoney(raw) ?? bad("an amount of money", label);
      };
    case "text":
    case "enum":
      return (raw) => {
        if (raw === null || raw === undefined) return null;
        return typeof raw === "string" ? raw : bad("text", label);
      };
    case "boolean":
      return (raw) => {
        if (raw === null || raw === undefined) return null;
        return typeof raw === "boolean" ? raw : bad("true or false", label);
      };
    case "date":
      return (raw) => {
        if (raw === null || raw === undefined) return null;
        return toDate(raw, label);
      };
    case "null":
      return () => null;
    case "unknown":
      return (raw) => {
        if (raw === null || raw === undefined) return null;
        if (typeof raw === "string" || typeof raw === "boolean") return raw;
        if (typeof raw === "number") return Number.isFinite(raw) ? raw : null;
        if (raw instanceof Date) return raw;
        // Objects other than money stay out of expressions: they could carry behaviour.
        return asMoney(raw) ?? null;
      };
  }
}

export function toDate(raw: unknown, label: string): Date {
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime()))
      throw new ExprRuntimeError("bad_date", `${label} is not a valid date`);
    return raw;
  }
  if (typeof raw === "string" && raw.length <= 40) {
    const t = Date.parse(raw);
    if (!Number.isNaN(t)) return new Date(t);
  }
  throw new ExprRuntimeError("bad_date", `${label} is not a valid date`);
}

import { CURRENCY_EXPONENTS } from "@partnerflow/domain";
import {
  addMinor,
  addNum,
  divMinor,
  divNum,
  modNum,
  mulMinor,
  mulNum,
  subNum,
  D,
} from "./decimal.ts";
import { ExprRuntimeError, LIMITS } from "./errors.ts";
import { isMoney, type ExprMoney, type ExprValue } from "./values.ts";

/**
 * Run-time semantics of the operators, dispatching on the values. The checker has already
 * rejected ill-typed programs; these checks catch what only data can reveal (a null field,
 * two currencies, values typed `unknown`).
 */

function missing(): never {
  throw new ExprRuntimeError("missing_value", "A value used in the calculation is empty");
}

function mismatch(op: string, a: ExprValue, b?: ExprValue): never {
  const names = [a, b]
    .filter((v) => v !== undefined)
    .map(kindOf)
    .join(" and ");
  throw new ExprRuntimeError("type_mismatch", `Cannot apply "${op}" to ${names}`);
}

export function kindOf(v: ExprValue): string {
  if (v === null) return "null";
  if (v instanceof Date) return "date";
  if (isMoney(v)) return `money (${v.currency})`;
  return typeof v === "string" ? "text" : typeof v;
}

export function sameCurrency(a: ExprMoney, b: ExprMoney): void {
  if (a.currency !== b.currency) {
    throw new ExprRuntimeError(
      "currency_mismatch",
      `Cannot combine ${a.currency} and ${b.currency} amounts; convert one first`,
    );
  }
}

export function checkString(s: string): string {
  if (s.length > LIMITS.maxStringLength) {
    throw new ExprRuntimeError(
      "string_too_long",
      `Text would be ${s.length} characters long (the limit is ${LIMITS.maxStringLength})`,
    );
  }
  return s;
}

const money = (amountMinor: number, currency: ExprMoney["currency"]): ExprMoney => ({
  amountMinor,
  currency,
});

export function add(a: ExprValue, b: ExprValue): ExprValue {
  if (typeof a === "number" && typeof b === "number") return addNum(a, b);
  if (a === null || b === null) return missing();
  if (isMoney(a) && isMoney(b)) {
    sameCurrency(a, b);
    return money(addMinor(a.amountMinor, b.amountMinor), a.currency);
  }
  if (typeof a === "string" && typeof b === "string") return checkString(a + b);
  return mismatch("+", a, b);
}

export function sub(a: ExprValue, b: ExprValue): ExprValue {
  if (typeof a === "number" && typeof b === "number") return subNum(a, b);
  if (a === null || b === null) return missing();
  if (isMoney(a) && isMoney(b)) {
    sameCurrency(a, b);
    return money(addMinor(a.amountMinor, -b.amountMinor), a.currency);
  }
  return mismatch("-", a, b);
}

export function mul(a: ExprValue, b: ExprValue): ExprValue {
  if (typeof a === "number" && typeof b === "number") return mulNum(a, b);
  if (a === null || b === null) return missing();
  if (isMoney(a) && typeof b === "number") return money(mulMinor(a.amountMinor, b), a.currency);
  if (typeof a === "number" && isMoney(b)) return money(mulMinor(b.amountMinor, a), b.currency);
  return mismatch("*", a, b);
}

export function div(a: ExprValue, b: ExprValue): ExprValue {
  if (typeof a === "number" && typeof b === "number") return divNum(a, b);
  if (a === null || b === null) return missing();
  if (isMoney(a) && typeof b === "number") return money(divMinor(a.amountMinor, b), a.currency);
  if (isMoney(a) && isMoney(b)) {
    sameCurrency(a, b);
    return divNum(a.amountMinor, b.amountMinor);
  }
  return mismatch("/", a, b);
}

export function mod(a: ExprValue, b: ExprValue): ExprValue {
  if (typeof a === "number" && typeof b === "number") return modNum(a, b);
  if (a === null || b === null) return missing();
  return mismatch("%", a, b);
}

export function neg(a: ExprValue): ExprValue {
  if (typeof a === "number") return a === 0 ? 0 : -a;
  if (a === null) return missing();
  if (isMoney(a)) return money(a.amountMinor === 0 ? 0 : -a.amountMinor, a.currency);
  return mismatch("-", a);
}

/** Structural equality; different currencies or kinds are simply not equal. */
export function equals(a: ExprValue, b: ExprValue): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (isMoney(a) && isMoney(b)) return a.currency === b.currency && a.amountMinor === b.amountMinor;
  return false;
}

/**
 * Orders two values: negative, zero or positive; undefined when either is null (ordering
 * comparisons against a missing value are false). `rank` orders enum options.
 */
export function compare(
  a: ExprValue,
  b: ExprValue,
  rank?: ReadonlyMap<string, number>,
): number | undefined {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (a === null || b === null) return undefined;
  if (isMoney(a) && isMoney(b)) {
    sameCurrency(a, b);
    return a.amountMinor - b.amountMinor;
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === "string" && typeof b === "string") {
    if (rank) {
      const ra = rank.get(a);
      const rb = rank.get(b);
      if (ra !== undefined && rb !== undefined) return ra - rb;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return mismatch("compare", a, b);
}

/** Whole amount units → minor units rounding for round/floor/ceil on money. */
export function roundMoney(
  m: ExprMoney,
  digits: number,
  mode: "round" | "floor" | "ceil",
): ExprMoney {
  const exp = CURRENCY_EXPONENTS[m.currency];
  if (digits >= exp) return m;
  const rm = mode === "round" ? D.ROUND_HALF_UP : mode === "floor" ? D.ROUND_FLOOR : D.ROUND_CEIL;
  const step = 10 ** (exp - digits);
  const units = new D(m.amountMinor).div(step).toDecimalPlaces(0, rm).times(step).toNumber();
  return money(units, m.currency);
}

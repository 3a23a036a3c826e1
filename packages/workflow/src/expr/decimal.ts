import Decimal from "decimal.js";
import { ExprRuntimeError } from "./errors.ts";

/**
 * Decimal arithmetic on JavaScript numbers.
 *
 * Numbers travel as doubles (what JSON and the host hand us), but every operation behaves
 * as exact decimal arithmetic on their shortest decimal spelling: 0.1 + 0.2 is 0.3. Integer
 * operands with a safe-integer result take the native fast path; anything else goes through
 * decimal.js and back to the nearest double.
 */
export const D = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN });

function finite(x: number): number {
  if (!Number.isFinite(x)) throw new ExprRuntimeError("overflow", "Number is too large");
  return x;
}

export function parseDecimalNumber(text: string): number {
  return Number(text);
}

export function percentToNumber(text: string): number {
  return new D(text).div(100).toNumber();
}

/** "12.5" with exponent 2 → 1250; undefined when it has excess precision or is unsafe. */
export function decimalToMinor(text: string, exp: number): number | undefined {
  const d = new D(text).times(10 ** exp);
  if (!d.isInteger()) return undefined;
  const n = d.toNumber();
  return Number.isSafeInteger(n) ? n : undefined;
}

export function addNum(a: number, b: number): number {
  const r = a + b;
  if (Number.isSafeInteger(r) && Number.isInteger(a) && Number.isInteger(b)) return r;
  return finite(new D(a).plus(b).toNumber());
}

export function subNum(a: number, b: number): number {
  const r = a - b;
  if (Number.isSafeInteger(r) && Number.isInteger(a) && Number.isInteger(b)) return r;
  return finite(new D(a).minus(b).toNumber());
}

export function mulNum(a: number, b: number): number {
  const r = a * b;
  if (Number.isSafeInteger(r) && Number.isInteger(a) && Number.isInteger(b)) return r;
  return finite(new D(a).times(b).toNumber());
}

export function divNum(a: number, b: number): number {
  if (b === 0) throw new ExprRuntimeError("division_by_zero", "Division by zero");
  return finite(new D(a).div(b).toNumber());
}

export function modNum(a: number, b: number): number {
  if (b === 0) throw new ExprRuntimeError("division_by_zero", "Division by zero");
  if (Number.isInteger(a) && Number.isInteger(b)) return a % b;
  return finite(new D(a).mod(b).toNumber());
}

/** Rounds to `digits` decimal places, halves away from zero (what people expect of round()). */
export function roundNum(a: number, digits: number, mode: "round" | "floor" | "ceil"): number {
  const rm =
    mode === "round"
      ? Decimal.ROUND_HALF_UP
      : mode === "floor"
        ? Decimal.ROUND_FLOOR
        : Decimal.ROUND_CEIL;
  if (digits === 0 && Number.isInteger(a)) return a;
  return finite(new D(a).toDecimalPlaces(digits, rm).toNumber());
}

/**
 * x / q rounded half to even, for safe integers x and positive integer q. The float quotient
 * can be off by one ulp near integers, so the remainder (exact in integers) corrects it.
 */
export function divRoundHalfEven(x: number, q: number): number {
  let quo = Math.trunc(x / q);
  let rem = x - quo * q;
  if (x >= 0) {
    if (rem < 0) {
      quo -= 1;
      rem += q;
    } else if (rem >= q) {
      quo += 1;
      rem -= q;
    }
    const twice = rem * 2;
    if (twice > q || (twice === q && quo % 2 !== 0)) quo += 1;
    return quo;
  }
  return -divRoundHalfEven(-x, q);
}

/** A number as an exact fraction p / 10^k with safe-integer p, when it has one. */
export interface Rational {
  readonly p: number;
  readonly q: number;
}

export function toRational(n: number): Rational | undefined {
  const d = new D(n);
  const k = d.decimalPlaces();
  if (k > 15) return undefined;
  const p = d.times(10 ** k).toNumber();
  return Number.isSafeInteger(p) ? { p, q: 10 ** k } : undefined;
}

function safeMinor(x: number): number {
  if (!Number.isSafeInteger(x)) throw new ExprRuntimeError("overflow", "Amount is too large");
  return x;
}

/** minor × n, rounded half to even to a whole minor unit. */
export function mulMinor(minor: number, n: number): number {
  if (Number.isInteger(n)) {
    const r = minor * n;
    if (Number.isSafeInteger(r)) return r;
  }
  return safeMinor(new D(minor).times(n).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toNumber());
}

/** minor × (p / q) for a precomputed rational, falling back to decimal.js on overflow. */
export function mulMinorRational(minor: number, r: Rational, n: number): number {
  const x = minor * r.p;
  if (Number.isSafeInteger(x)) return r.q === 1 ? x : divRoundHalfEven(x, r.q);
  return mulMinor(minor, n);
}

/** minor / n, rounded half to even to a whole minor unit. */
export function divMinor(minor: number, n: number): number {
  if (n === 0) throw new ExprRuntimeError("division_by_zero", "Division by zero");
  if (Number.isInteger(n) && n > 0) return divRoundHalfEven(minor, n);
  return safeMinor(new D(minor).div(n).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toNumber());
}

export function addMinor(a: number, b: number): number {
  return safeMinor(a + b);
}

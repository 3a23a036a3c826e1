import Decimal from "decimal.js";
import { CURRENCY_EXPONENTS, fromMinor, type CurrencyCode } from "@partnerflow/domain";

/**
 * Decimal string → integer minor units without allocating (the condition hot path). Returns
 * NaN on malformed input; excess fraction digits are truncated (amounts are validated upstream).
 */
export function parseMinor(amount: string, exponent: number): number {
  let i = 0;
  let neg = false;
  if (amount.charCodeAt(0) === 45) {
    neg = true;
    i = 1;
  }
  let int = 0;
  let frac = 0;
  let fracDigits = -1;
  for (; i < amount.length; i++) {
    const c = amount.charCodeAt(i);
    if (c === 46) {
      if (fracDigits >= 0) return NaN;
      fracDigits = 0;
      continue;
    }
    if (c < 48 || c > 57) return NaN;
    if (fracDigits < 0) int = int * 10 + (c - 48);
    else if (fracDigits < exponent) {
      frac = frac * 10 + (c - 48);
      fracDigits++;
    }
  }
  let f = frac;
  for (let d = Math.max(fracDigits, 0); d < exponent; d++) f *= 10;
  const minor = int * 10 ** exponent + f;
  return neg ? -minor : minor;
}

export interface MoneyLike {
  amount: string;
  currency: string;
}

export const isMoneyLike = (v: unknown): v is MoneyLike =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as MoneyLike).amount === "string" &&
  typeof (v as MoneyLike).currency === "string";

/** Minor units of money already in `currency` (the resolver converts other currencies first). */
export function moneyToMinor(v: MoneyLike, currency: CurrencyCode): number {
  return parseMinor(v.amount, CURRENCY_EXPONENTS[currency]);
}

/** ISO date or date-time → epoch ms (NaN when malformed). */
export const dateMs = (v: unknown): number => (typeof v === "string" ? Date.parse(v) : NaN);

// 34 significant digits: a 15-digit amount times a rate with many decimals stays exact.
const Exact = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN });

/**
 * Money in one currency → integer minor units of another, at `rate` (units of `to` per one
 * unit of the money's currency, a decimal string). Exact decimal multiplication, rounded half
 * to even once at the target currency's exponent, like the domain's reporting conversion;
 * never a float product (1.45 × 1.1 is 1.595 → 1.60, where floats give 1.59).
 */
export function convertToMinor(v: MoneyLike, to: CurrencyCode, rate: string): number {
  const exp = CURRENCY_EXPONENTS[to];
  return new Exact(v.amount)
    .times(rate)
    .toDecimalPlaces(exp)
    .times(new Exact(10).pow(exp))
    .toNumber();
}

/** Money as hosts hand it over — `{ amount, currency }` or `{ amountMinor, currency }` — as a decimal amount; null otherwise. */
export function asMoneyLike(v: unknown): (MoneyLike & { currency: CurrencyCode }) | null {
  if (typeof v !== "object" || v === null) return null;
  const o = v as { amount?: unknown; amountMinor?: unknown; currency?: unknown };
  if (typeof o.currency !== "string" || !Object.hasOwn(CURRENCY_EXPONENTS, o.currency)) return null;
  const currency = o.currency as CurrencyCode;
  if (typeof o.amount === "string") return { amount: o.amount, currency };
  if (typeof o.amountMinor === "number")
    return { amount: fromMinor(o.amountMinor, currency), currency };
  return null;
}

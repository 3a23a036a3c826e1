import { CURRENCY_EXPONENTS, type CurrencyCode } from "@partnerflow/domain";

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

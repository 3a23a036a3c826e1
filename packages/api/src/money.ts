import { CURRENCY_EXPONENTS, fromMinor, type CurrencyCode } from "@partnerflow/domain";

/** Money as the API answers it: decimal string for display, minor units for arithmetic. */
export interface MoneyOut {
  amount: string;
  currency: string;
  minor: number;
}

/** Formats stored minor units; an unknown stored currency still shows (as minor units). */
export function moneyOut(minor: number, currency: string): MoneyOut {
  const known = Object.hasOwn(CURRENCY_EXPONENTS, currency);
  return {
    amount: known ? fromMinor(minor, currency as CurrencyCode) : String(minor),
    currency,
    minor,
  };
}

/** Optional money columns (leads' estimate, points-only rewards). */
export function maybeMoney(minor: number | null, currency: string | null): MoneyOut | null {
  return minor === null || currency === null ? null : moneyOut(minor, currency);
}

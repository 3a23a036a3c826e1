import Decimal from "decimal.js";
import { CURRENCY_EXPONENTS, REPORTING_CURRENCY, type CurrencyCode } from "./money.ts";
import { isoDayOf } from "./instant.ts";

/**
 * Fallback rates, in units of the currency per 1 USD, used when the exchange_rates table has
 * no rate on or before a day. Rounded mid-2025 market levels: good enough for demos and caps,
 * and the reason real deployments load their own rates.
 */
export const DEFAULT_PER_USD: Readonly<Record<CurrencyCode, string>> = {
  USD: "1",
  EUR: "0.92",
  GBP: "0.79",
  JPY: "150",
  CHF: "0.88",
  CAD: "1.37",
  AUD: "1.52",
  SEK: "10.5",
  INR: "83.5",
  BRL: "5.4",
  MXN: "18",
  SGD: "1.34",
};

/** Answers "how many units of `currency` per 1 USD on `day`" (YYYY-MM-DD, UTC). */
export interface RateBook {
  /** The latest rate on or before `day`, else DEFAULT_PER_USD. A positive decimal string. */
  perUsd(currency: CurrencyCode, day: string): string;
}

/** One stored rate: units of `currency` per 1 USD on `day`. */
export interface RateRow {
  readonly day: string;
  readonly currency: CurrencyCode;
  readonly perUsd: string;
}

/** The UTC calendar day of an instant: "2026-11-23". */
export function utcDay(at: Date): string {
  return isoDayOf(at.getTime());
}

/** A rate book with no stored rates: every lookup answers DEFAULT_PER_USD. */
export const DEFAULT_RATE_BOOK: RateBook = { perUsd: (currency) => DEFAULT_PER_USD[currency] };

/**
 * An in-memory rate book over stored rows: per currency a day-sorted array, looked up by
 * binary search (the simulator converts every sale, so lookups must be cheap).
 */
export function rateBookFromRows(rows: Iterable<RateRow>): RateBook {
  const byCurrency = new Map<CurrencyCode, { days: string[]; rates: string[] }>();
  const sorted = [...rows].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  for (const r of sorted) {
    let series = byCurrency.get(r.currency);
    if (!series) byCurrency.set(r.currency, (series = { days: [], rates: [] }));
    if (series.days[series.days.length - 1] === r.day)
      series.rates[series.rates.length - 1] = r.perUsd;
    else {
      series.days.push(r.day);
      series.rates.push(r.perUsd);
    }
  }
  return {
    perUsd(currency, day) {
      if (currency === REPORTING_CURRENCY) return "1";
      const series = byCurrency.get(currency);
      if (!series) return DEFAULT_PER_USD[currency];
      // last index with days[i] <= day
      let lo = 0;
      let hi = series.days.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (series.days[mid]! <= day) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found < 0 ? DEFAULT_PER_USD[currency] : series.rates[found]!;
    },
  };
}

/** A rate as an exact fraction digits / 10^scale, parsed once per distinct rate string. */
const parsedRates = new Map<string, { digits: bigint; scale: number }>();

function parseRate(perUsd: string): { digits: bigint; scale: number } {
  let r = parsedRates.get(perUsd);
  if (r) return r;
  const d = new Decimal(perUsd);
  if (!d.isFinite() || d.lte(0))
    throw new RangeError(`exchange rate must be positive, got ${perUsd}`);
  const fixed = d.toFixed();
  const [int, frac = ""] = fixed.split(".");
  r = { digits: BigInt(`${int}${frac}`), scale: frac.length };
  if (parsedRates.size > 10_000) parsedRates.clear();
  parsedRates.set(perUsd, r);
  return r;
}

/**
 * Converts integer minor units of `currency` to minor units of the reporting currency (USD)
 * at `perUsd` (units of `currency` per 1 USD). Rounds half-to-even (banker's rounding), so
 * summing many converted amounts carries no systematic upward bias. The rate is parsed
 * with decimal.js once; the conversion itself is exact integer arithmetic (BigInt), because
 * the simulator converts every sale it replays.
 */
export function toReportingMinor(
  amountMinor: number,
  currency: CurrencyCode,
  perUsd: string,
): number {
  if (currency === REPORTING_CURRENCY) return amountMinor;
  const { digits, scale } = parseRate(perUsd);
  const fromExp = CURRENCY_EXPONENTS[currency];
  const toExp = CURRENCY_EXPONENTS[REPORTING_CURRENCY];
  const neg = amountMinor < 0;
  const num = BigInt(Math.abs(amountMinor)) * 10n ** BigInt(toExp + scale);
  const den = digits * 10n ** BigInt(fromExp);
  let q = num / den;
  const twice = (num % den) * 2n;
  if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  const out = Number(q);
  return neg ? -out : out;
}

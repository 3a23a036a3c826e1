import type { CurrencyCode } from "../money.ts";
import { toMinor } from "../money.ts";
import { toReportingMinor, utcDay, type RateBook } from "../rates.ts";

/**
 * Helpers that turn payload values into stored values. The reducer and the service's
 * projections both use them, so the log replay and the tables cannot drift apart.
 */

/** A payload date ("2026-05-01" or a date-time with offset) as an instant; date-only is UTC midnight. */
export function toInstant(value: string): Date {
  return new Date(value);
}

/** A payload date as a calendar day "YYYY-MM-DD" (date-times are taken at their UTC day). */
export function toDayString(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : utcDay(new Date(value));
}

/** Satisfaction/training scores are stored as numeric(…, 2): keep hundredths, rounded half up. */
export function toHundredths(score: number): number {
  return Math.round(score * 100);
}

/** Minor units of the money and its reporting-currency minor units at `at`'s UTC day rate. */
export function moneyAt(
  money: { amount: string; currency: CurrencyCode },
  at: Date,
  rates: RateBook,
): { amountMinor: number; currency: CurrencyCode; amountReportingMinor: number } {
  const amountMinor = toMinor(money);
  const perUsd = rates.perUsd(money.currency, utcDay(at));
  return {
    amountMinor,
    currency: money.currency,
    amountReportingMinor: toReportingMinor(amountMinor, money.currency, perUsd),
  };
}

/** The id the reorders table and the state give a reorder: stable across log and tables. */
export function reorderId(event: { seq: number; idempotencyKey: string | null }): string {
  return `ro:${event.idempotencyKey ?? String(event.seq)}`;
}

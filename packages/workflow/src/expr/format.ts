import { CURRENCY_EXPONENTS, type CurrencyCode } from "@partnerflow/domain";
import type { ExprType } from "./types.ts";
import { isMoney, type ExprValue } from "./values.ts";

const moneyFormats = new Map<CurrencyCode, Intl.NumberFormat>();
const numberFormat = new Intl.NumberFormat("en-US", {
  maximumFractionDigits: 10,
  useGrouping: true,
});

function moneyFormat(currency: CurrencyCode): Intl.NumberFormat {
  let f = moneyFormats.get(currency);
  if (!f) {
    const exp = CURRENCY_EXPONENTS[currency];
    f = new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      minimumFractionDigits: exp,
      maximumFractionDigits: exp,
    });
    moneyFormats.set(currency, f);
  }
  return f;
}

/**
 * A value as text for merge fields and plain-English summaries: money as "$1,234.50",
 * numbers with thousands separators, dates as "2026-05-01" (or a full ISO instant when not
 * at midnight UTC), booleans as "yes"/"no", null as "". `type` is optional and only refines
 * how values of an unknown type read.
 */
export function formatValue(value: ExprValue, _type?: ExprType): string {
  if (value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberFormat.format(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if (isMoney(value)) {
    const exp = CURRENCY_EXPONENTS[value.currency];
    // Minor units / 10^exp is exact enough for display: Intl rounds to `exp` digits anyway.
    return moneyFormat(value.currency).format(value.amountMinor / 10 ** exp);
  }
  return "";
}

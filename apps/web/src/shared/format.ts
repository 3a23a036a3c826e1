import { CURRENCY_EXPONENTS, formatMoney, toMinor, type CurrencyCode } from "@partnerflow/domain";

const dateFmt = new Intl.DateTimeFormat("en-US", { dateStyle: "medium" });
const dateTimeFmt = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });
const numberFmt = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** "Mar 4, 2026"; accepts the ISO strings tRPC sends for dates. */
export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const d = typeof value === "string" ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? String(value) : dateFmt.format(d);
}

/** "Mar 4, 2026, 2:05 PM". */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const d = typeof value === "string" ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? String(value) : dateTimeFmt.format(d);
}

/** "1,234.5"; a dash for missing values. */
export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : numberFmt.format(value);
}

/** True for a currency code the catalog knows (payloads come from the wire as plain strings). */
export function isCurrency(code: unknown): code is CurrencyCode {
  return typeof code === "string" && Object.hasOwn(CURRENCY_EXPONENTS, code);
}

/** Money in minor units, or a dash when the currency is unknown. */
export function formatMinor(minor: number | null | undefined, currency: unknown): string {
  if (minor === null || minor === undefined) return "—";
  return isCurrency(currency) ? formatMoney(minor, currency) : `${minor} ${String(currency)}`;
}

/** Money as it travels in event payloads: `{ amount: "1250.00", currency: "EUR" }`. */
export function formatPayloadMoney(value: unknown): string | null {
  if (typeof value !== "object" || value === null) return null;
  const { amount, currency } = value as { amount?: unknown; currency?: unknown };
  if (typeof amount !== "string" || !isCurrency(currency)) return null;
  try {
    return formatMoney(toMinor({ amount, currency }), currency);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** "cash_bonus" → "Cash bonus": enum values read as words. */
export function humanize(value: string): string {
  const spaced = value.replace(/[_.]+/g, " ").trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Partner types as the channel says them: acronyms stay upper case. */
const PARTNER_TYPE_LABELS: Readonly<Record<string, string>> = {
  var: "VAR",
  msp: "MSP",
  integrator: "System integrator",
};

/** "var" → "VAR", "reseller" → "Reseller". */
export function partnerTypeLabel(type: string): string {
  return PARTNER_TYPE_LABELS[type] ?? humanize(type);
}

import { z } from "zod";

/**
 * Currencies the product accepts, with their minor-unit exponent (ISO 4217).
 * Money is stored as integer minor units plus a currency code; never a float.
 */
export const CURRENCY_EXPONENTS = {
  USD: 2,
  EUR: 2,
  GBP: 2,
  JPY: 0,
  CHF: 2,
  CAD: 2,
  AUD: 2,
  SEK: 2,
  INR: 2,
  BRL: 2,
  MXN: 2,
  SGD: 2,
} as const;

export type CurrencyCode = keyof typeof CURRENCY_EXPONENTS;
export const CURRENCY_CODES = Object.keys(CURRENCY_EXPONENTS) as [CurrencyCode, ...CurrencyCode[]];
/** The reporting currency metrics and caps are converted to unless a node says otherwise. */
export const REPORTING_CURRENCY: CurrencyCode = "USD";

export const CurrencyCode = z.enum(CURRENCY_CODES, {
  error: (iss) =>
    `unknown currency code ${JSON.stringify(iss.input)}; expected one of ${CURRENCY_CODES.join(", ")}`,
});

const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;

/** A decimal amount as a canonical string ("1250.5" → "1250.5"); numbers are accepted and stringified. */
export const DecimalString = z
  .union([z.string(), z.number().finite()])
  .transform((v) => (typeof v === "number" ? String(v) : v.trim()))
  .refine((v) => DECIMAL.test(v), { message: 'must be a decimal amount such as "1250.00"' });

/** Money as it travels in event payloads and workflow configs: a decimal amount and a currency. */
export const Money = z
  .object({ amount: DecimalString, currency: CurrencyCode })
  .superRefine((m, ctx) => {
    const exp = CURRENCY_EXPONENTS[m.currency];
    const frac = m.amount.split(".")[1] ?? "";
    if (frac.replace(/0+$/, "").length > exp) {
      ctx.addIssue({
        code: "custom",
        path: ["amount"],
        message: `${m.currency} allows at most ${exp} decimal places`,
      });
    }
  });
export type Money = z.infer<typeof Money>;

/** Non-negative money (sales, deals, rewards). */
export const NonNegativeMoney = Money.refine((m) => !m.amount.startsWith("-"), {
  message: "amount must not be negative",
  path: ["amount"],
});

/** Converts a decimal amount to integer minor units of its currency. Throws on excess precision. */
export function toMinor(m: { amount: string; currency: CurrencyCode }): number {
  const exp = CURRENCY_EXPONENTS[m.currency];
  const neg = m.amount.startsWith("-");
  const [int = "0", frac = ""] = m.amount.replace(/^-/, "").split(".");
  const trimmed = frac.replace(/0+$/, "");
  if (trimmed.length > exp)
    throw new RangeError(`${m.currency} allows at most ${exp} decimal places`);
  const minor = Number(int) * 10 ** exp + Number(frac.padEnd(exp, "0").slice(0, exp) || "0");
  return neg ? -minor : minor;
}

/** Integer minor units back to a canonical decimal string with the currency's exponent. */
export function fromMinor(minor: number, currency: CurrencyCode): string {
  const exp = CURRENCY_EXPONENTS[currency];
  const neg = minor < 0;
  const abs = Math.abs(Math.trunc(minor));
  if (exp === 0) return `${neg ? "-" : ""}${abs}`;
  const s = String(abs).padStart(exp + 1, "0");
  return `${neg ? "-" : ""}${s.slice(0, -exp)}.${s.slice(-exp)}`;
}

/** "$100,000.00", "€2,000.00": for plain-English summaries. */
export function formatMoney(minor: number, currency: CurrencyCode): string {
  const exp = CURRENCY_EXPONENTS[currency];
  return currencyFormat(currency, exp).format(minor / 10 ** exp);
}

/** One formatter per currency: building an Intl.NumberFormat costs far more than using one. */
const formats = new Map<CurrencyCode, Intl.NumberFormat>();
function currencyFormat(currency: CurrencyCode, exp: number): Intl.NumberFormat {
  let f = formats.get(currency);
  if (!f) {
    f = new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      minimumFractionDigits: exp,
      maximumFractionDigits: exp,
    });
    formats.set(currency, f);
  }
  return f;
}

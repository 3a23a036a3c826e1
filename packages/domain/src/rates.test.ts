import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CURRENCY_CODES, CURRENCY_EXPONENTS } from "./money.ts";
import { DEFAULT_PER_USD, DEFAULT_RATE_BOOK, rateBookFromRows, toReportingMinor } from "./rates.ts";
import { newId } from "./ids.ts";

describe("toReportingMinor", () => {
  it.each([
    // 100.01 EUR at 0.8 per USD = 125.0125 USD → 12501 cents
    [10001, "EUR", "0.8", 12501],
    // 1 JPY at 150 per USD = 0.00666 USD → 1 cent
    [1, "JPY", "150", 1],
    // exactly half a cent rounds to even: 0.025 USD → 2 cents, 0.035 → 4 cents
    [2, "EUR", "0.8", 2],
    [7, "EUR", "2", 4],
    [5, "EUR", "2", 2],
    [123456, "USD", "1", 123456],
    [-10001, "EUR", "0.8", -12501],
  ] as const)("%i %s at %s per USD → %i cents", (minor, currency, perUsd, expected) => {
    expect(toReportingMinor(minor, currency, perUsd)).toBe(expected);
  });
});

describe("toReportingMinor against a decimal.js reference", () => {
  it("agrees for any amount, currency and rate", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.constantFrom(...CURRENCY_CODES),
        fc.integer({ min: 1, max: 1e10 }),
        fc.integer({ min: 0, max: 8 }),
        (minor, currency, rateDigits, rateScale) => {
          const perUsd = new Decimal(rateDigits).div(new Decimal(10).pow(rateScale)).toFixed();
          const expected = new Decimal(minor)
            .div(new Decimal(10).pow(CURRENCY_EXPONENTS[currency]))
            .div(perUsd)
            .mul(100)
            .toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN)
            .toNumber();
          expect(toReportingMinor(minor, currency, perUsd)).toBe(
            currency === "USD" ? minor : expected,
          );
        },
      ),
    );
  });
});

describe("rate books", () => {
  const book = rateBookFromRows([
    { day: "2026-03-01", currency: "EUR", perUsd: "0.9" },
    { day: "2026-01-01", currency: "EUR", perUsd: "0.95" },
    { day: "2026-03-01", currency: "EUR", perUsd: "0.91" },
  ]);

  it.each([
    ["2025-12-31", DEFAULT_PER_USD.EUR],
    ["2026-01-01", "0.95"],
    ["2026-02-28", "0.95"],
    ["2026-03-01", "0.91"],
    ["2030-01-01", "0.91"],
  ])("EUR on %s is the latest rate on or before the day (%s)", (day, rate) => {
    expect(book.perUsd("EUR", day)).toBe(rate);
  });

  it("falls back to the defaults, which cover every currency", () => {
    expect(book.perUsd("GBP", "2026-03-01")).toBe(DEFAULT_PER_USD.GBP);
    for (const c of CURRENCY_CODES)
      expect(Number(DEFAULT_RATE_BOOK.perUsd(c, "2026-01-01"))).toBeGreaterThan(0);
  });
});

describe("newId", () => {
  it("is prefixed and unique", () => {
    const a = newId("rwd");
    expect(a).toMatch(/^rwd_[0-9a-f]{32}$/);
    expect(newId("rwd")).not.toBe(a);
  });
});

import { describe, expect, it } from "vitest";
import { formatMinor, formatPayloadMoney, humanize, partnerTypeLabel } from "./format.ts";

describe("format helpers", () => {
  it.each([
    [123456, "USD", "$1,234.56"],
    [-500, "EUR", "-€5.00"],
    [1500, "JPY", "¥1,500"],
    [null, "USD", "—"],
    [42, "XXX", "42 XXX"],
  ])("formatMinor(%s, %s) → %s", (minor, currency, text) => {
    expect(formatMinor(minor, currency)).toBe(text);
  });

  it.each([
    [{ amount: "2000", currency: "USD" }, "$2,000.00"],
    [{ amount: "0.5", currency: "GBP" }, "£0.50"],
    [{ amount: "1.234", currency: "USD" }, "1.234 USD"],
    [{ amount: 5, currency: "USD" }, null],
    ["5 USD", null],
  ])("formatPayloadMoney(%j) → %s", (value, text) => {
    expect(formatPayloadMoney(value)).toBe(text);
  });

  it.each([
    ["cash_bonus", "Cash bonus"],
    ["on_hold", "On hold"],
    ["deal.status_changed", "Deal status changed"],
  ])("humanize(%s) → %s", (value, text) => {
    expect(humanize(value)).toBe(text);
  });

  it.each([
    ["var", "VAR"],
    ["msp", "MSP"],
    ["integrator", "System integrator"],
    ["reseller", "Reseller"],
  ])("partnerTypeLabel(%s) → %s", (value, text) => {
    expect(partnerTypeLabel(value)).toBe(text);
  });
});

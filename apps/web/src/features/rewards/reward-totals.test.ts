import { describe, expect, it } from "vitest";
import { totalsPerCurrency } from "./reward-totals.tsx";

const money = (minor: number, currency: string) => ({ amount: "", currency, minor });

describe("totalsPerCurrency", () => {
  it("sums per currency across kinds and statuses, never across currencies", () => {
    const totals = totalsPerCurrency([
      {
        currency: "USD",
        kind: "cash_bonus",
        status: "paid",
        count: 2,
        amount: money(200000, "USD"),
        points: 0,
      },
      {
        currency: "USD",
        kind: "rebate",
        status: "pending",
        count: 3,
        amount: money(4550, "USD"),
        points: 0,
      },
      {
        currency: "EUR",
        kind: "rebate",
        status: "paid",
        count: 1,
        amount: money(999, "EUR"),
        points: 0,
      },
      { currency: null, kind: "points", status: "approved", count: 4, amount: null, points: 2000 },
    ]);
    expect(totals).toEqual({
      currencies: [
        { currency: "EUR", minor: 999, count: 1 },
        { currency: "USD", minor: 204550, count: 5 },
      ],
      points: 2000,
      pointEntries: 4,
    });
  });

  it("is empty for an empty ledger", () => {
    expect(totalsPerCurrency([])).toEqual({ currencies: [], points: 0, pointEntries: 0 });
  });
});

import { catalogTypeEnv } from "./env.ts";
import { T } from "./types.ts";
import type { Scope } from "./values.ts";

/** A sale.recorded environment with a few extra paths used across the tests. */
export const testEnv = catalogTypeEnv({
  eventType: "sale.recorded",
  extra: {
    "vars.n": T.number,
    "vars.x": T.number,
    "vars.text": T.text,
    "vars.when": T.date,
    "vars.missing": T.number,
    "vars.usd": T.money("USD"),
    "vars.anything": T.unknown,
  },
});

export const NOW = new Date("2026-05-14T10:30:00Z");

export function testScope(overrides: Partial<Record<string, unknown>> = {}): Scope {
  return {
    data: {
      event: {
        saleId: "s-1",
        amount: { amount: "123.45", currency: "EUR" },
        productLine: "core",
        quantity: 3,
      },
      partner: {
        id: "p-1",
        name: "Acme <Tools> & Co",
        tier: "Gold",
        region: "EMEA",
        country: "DE",
        compliant: true,
        createdAt: "2025-01-10T00:00:00Z",
      },
      vars: {
        n: 7,
        x: 0.1,
        text: "hello",
        when: "2026-05-01",
        usd: { amountMinor: 150000, currency: "USD" },
        anything: "raw",
      },
      ...overrides,
    },
    now: NOW,
    metric: (ref) =>
      ref.metric === "sales_amount"
        ? { amount: "25000.00", currency: "USD" }
        : ref.metric === "sales_count"
          ? 12
          : null,
  };
}

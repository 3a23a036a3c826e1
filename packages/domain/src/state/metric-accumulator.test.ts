import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_RATE_BOOK } from "../rates.ts";
import { ev } from "./test-events.ts";
import { MetricAccumulator } from "./metric-accumulator.ts";
import { Series } from "./series.ts";

describe("Series", () => {
  it("answers count and sum over any range like a naive scan, whatever the insertion order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: -50, max: 50 })), {
          maxLength: 60,
        }),
        fc.integer({ min: 0, max: 1001 }),
        fc.integer({ min: 0, max: 1001 }),
        (points, a, b) => {
          const s = new Series();
          for (const [t, v] of points) s.add(t, v);
          const inRange = points.filter(([t]) => t >= a && t < b);
          expect(s.range(a, b)).toEqual({
            count: inRange.length,
            sum: inRange.reduce((x, [, v]) => x + v, 0),
          });
        },
      ),
    );
  });
});

describe("MetricAccumulator", () => {
  const acc = new MetricAccumulator("p1", DEFAULT_RATE_BOOK);
  const usd = (amount: string) => ({ amount, currency: "USD" as const });
  for (const e of [
    ev(
      "sale.recorded",
      { saleId: "s1", amount: usd("100"), productLine: "premium" },
      "2026-06-30T23:59:59.999Z",
    ),
    ev(
      "sale.recorded",
      { saleId: "s2", amount: usd("200"), productLine: "core" },
      "2026-07-01T00:00:00Z",
    ),
    ev(
      "sale.recorded",
      { saleId: "s3", amount: { amount: "92", currency: "EUR" }, productLine: "premium" },
      "2026-08-15T00:00:00Z",
    ),
    ev(
      "sale.recorded",
      { saleId: "s-other", amount: usd("999"), productLine: "core" },
      "2026-08-15T00:00:00Z",
      "p2",
    ),
    ev(
      "deal.registered",
      { dealId: "d1", customer: "C", amount: usd("50"), productLine: "core" },
      "2026-07-02T00:00:00Z",
    ),
    ev("deal.status_changed", { dealId: "d1", to: "approved" }, "2026-07-03T00:00:00Z"),
    ev("deal.status_changed", { dealId: "d1", to: "won" }, "2026-08-01T00:00:00Z"),
    ev("csat.recorded", { responseId: "r1", score: 4.5 }, "2026-08-01T00:00:00Z"),
    ev("csat.recorded", { responseId: "r2", score: 4 }, "2026-08-02T00:00:00Z"),
    ev(
      "certification.earned",
      { certificationId: "c1", name: "A", expiresAt: "2026-08-20" },
      "2026-01-01T00:00:00Z",
    ),
    ev("certification.earned", { certificationId: "c2", name: "B" }, "2026-02-01T00:00:00Z"),
    ev("lead.assigned", { leadId: "l1" }, "2026-08-01T00:00:00Z"),
    ev("lead.assigned", { leadId: "l2" }, "2026-08-01T00:00:00Z"),
    ev("lead.status_changed", { leadId: "l2", to: "converted" }, "2026-08-02T00:00:00Z"),
  ])
    acc.apply(e);
  const asOf = new Date("2026-08-16T00:00:00Z");

  it.each([
    [
      "sales this quarter",
      { metric: "sales_amount", window: { kind: "calendar", unit: "quarter" } },
      30000,
    ],
    [
      "sales this half",
      { metric: "sales_amount", window: { kind: "calendar", unit: "half" } },
      30000,
    ],
    [
      "sales this year",
      { metric: "sales_amount", window: { kind: "calendar", unit: "year" } },
      40000,
    ],
    [
      "premium sales this year",
      {
        metric: "sales_amount",
        window: { kind: "calendar", unit: "year" },
        productLine: "premium",
      },
      20000,
    ],
    ["sales in 47 days", { metric: "sales_count", window: { kind: "trailing", days: 47 } }, 3],
    ["sales in 46 days", { metric: "sales_count", window: { kind: "trailing", days: 46 } }, 2],
    [
      "won deals this month",
      { metric: "deals_won_count", window: { kind: "calendar", unit: "month" } },
      1,
    ],
    ["won amount all time", { metric: "deals_won_amount" }, 5000],
    ["registered deals", { metric: "deals_registered_count", window: { kind: "all" } }, 1],
    [
      "csat average",
      { metric: "csat_average", window: { kind: "calendar", unit: "quarter" } },
      4.25,
    ],
    ["csat count", { metric: "csat_count" }, 2],
    ["certifications held", { metric: "certifications_held" }, 2],
    ["open leads", { metric: "open_leads" }, 1],
  ] as const)("%s", (_name, ref, expected) => {
    expect(acc.value(ref, asOf)).toBe(expected);
  });

  it("counts a certification as held only until it expires, and never counts the future", () => {
    expect(acc.value({ metric: "certifications_held" }, new Date("2026-08-20T00:00:00Z"))).toBe(1);
    expect(
      acc.value(
        { metric: "sales_count", window: { kind: "calendar", unit: "year" } },
        new Date("2026-07-01T00:00:00Z"),
      ),
    ).toBe(2);
  });

  it("csat_average is 0 with no responses", () => {
    expect(acc.value({ metric: "csat_average", window: { kind: "trailing", days: 1 } }, asOf)).toBe(
      0,
    );
  });
});

import {
  CALENDAR_UNITS,
  METRIC_NAMES,
  METRICS,
  MetricAccumulator,
  rebuildPartnerState,
  type EventPayload,
  type MetricRef,
  type MetricWindow,
} from "@partnerflow/domain";
import { describeEachBackend } from "@partnerflow/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { loadRateBook, upsertExchangeRates } from "./exchange-rates.ts";
import { metricFromSql } from "./metrics-sql.ts";
import { partnerEvents, partnerStateAt, partnerStateFromTables } from "./reads.ts";
import { recordEvents } from "./record.ts";
import { generateHistory } from "./test-support/history.ts";

const NOW = new Date("2026-11-20T12:00:00.000Z");
const PARTNERS = 4;
const history = generateHistory({ seed: 7, partners: PARTNERS, events: 1500, end: NOW, days: 420 });
const partnerIds = Array.from({ length: PARTNERS }, (_, i) => `p7-${i}`);

const WINDOWS: MetricWindow[] = [
  ...CALENDAR_UNITS.map((unit) => ({ kind: "calendar", unit }) as const),
  ...[30, 90, 365].map((days) => ({ kind: "trailing", days }) as const),
  { kind: "all" },
];
const REFS: MetricRef[] = METRIC_NAMES.flatMap((metric) =>
  METRICS[metric].windowed
    ? [
        ...WINDOWS.map((window) => ({ metric, window })),
        ...("byProductLine" in METRICS[metric]
          ? [
              {
                metric,
                window: { kind: "calendar", unit: "year" } as const,
                productLine: "premium" as const,
              },
            ]
          : []),
      ]
    : [{ metric }],
);

describe("generated history", () => {
  it("covers every kind of change the parity test relies on", () => {
    const types = new Set(history.map((e) => e.type));
    expect(types.size).toBeGreaterThanOrEqual(28);
    expect(history.some((e) => e.type === "deal.status_changed" && e.payload.to === "won")).toBe(
      true,
    );
  });
});

describeEachBackend("log replay equals projections", (get) => {
  beforeAll(async () => {
    const { db } = get();
    await upsertExchangeRates(db, [
      { day: "2025-01-01", currency: "EUR", perUsd: "0.95" },
      { day: "2026-03-01", currency: "EUR", perUsd: "0.9" },
      { day: "2025-06-01", currency: "JPY", perUsd: "155.5" },
      { day: "2026-01-01", currency: "GBP", perUsd: "0.8" },
    ]);
    for (let i = 0; i < history.length; i += 250) {
      await recordEvents(db, history.slice(i, i + 250));
    }
  }, 120_000);

  it.each(partnerIds)("%s: state rebuilt from the log at now equals the tables", async (id) => {
    const { db } = get();
    const fromLog = await partnerStateAt(db, id, NOW);
    const fromTables = await partnerStateFromTables(db, id);
    expect(fromLog.exists).toBe(true);
    expect(Object.keys(fromLog.deals).length).toBeGreaterThan(0);
    expect(fromLog).toEqual(fromTables);
  });

  it("tier before and after each tier change, deal status before and after each win", async () => {
    const { db } = get();
    const rates = await loadRateBook(db);
    let checked = 0;
    for (const id of partnerIds) {
      const events = await partnerEvents(db, id);
      for (const e of events) {
        if (e.partnerId !== id) continue;
        const before = new Date(e.occurredAt.getTime() - 1);
        if (e.type === "partner.tier_changed") {
          const p = e.payload as EventPayload<"partner.tier_changed">;
          const prior = rebuildPartnerState(events, before, rates, id).tier;
          expect(rebuildPartnerState(events, e.occurredAt, rates, id).tier).toBe(p.to);
          const last = events
            .filter((x) => x.seq < e.seq && x.type === "partner.tier_changed" && x.partnerId === id)
            .at(-1);
          const created = events.find((x) => x.type === "partner.created")!;
          expect(prior).toBe(
            last
              ? (last.payload as EventPayload<"partner.tier_changed">).to
              : (created.payload as EventPayload<"partner.created">).tier,
          );
          checked++;
        }
        if (e.type === "deal.status_changed") {
          const p = e.payload as EventPayload<"deal.status_changed">;
          if (p.to !== "won") continue;
          expect(rebuildPartnerState(events, before, rates, id).deals[p.dealId]?.status).toBe(
            "approved",
          );
          expect(
            rebuildPartnerState(events, e.occurredAt, rates, id).deals[p.dealId]?.wonAt,
          ).toEqual(e.occurredAt);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it("a partner's state before it was created does not exist", async () => {
    const { db } = get();
    const state = await partnerStateAt(
      db,
      partnerIds[0]!,
      new Date(NOW.getTime() - 500 * 86_400_000),
    );
    expect(state.exists).toBe(false);
  });

  it.each(partnerIds)("%s: every metric × window from SQL equals the accumulator", async (id) => {
    const { db } = get();
    const rates = await loadRateBook(db);
    const acc = new MetricAccumulator(id, rates);
    for (const e of await partnerEvents(db, id)) acc.apply(e);
    const fromSql: Record<string, number> = {};
    const fromAcc: Record<string, number> = {};
    for (const ref of REFS) {
      const k = JSON.stringify(ref);
      fromSql[k] = await metricFromSql(db, id, ref, NOW);
      fromAcc[k] = acc.value(ref, NOW);
    }
    expect(fromAcc).toEqual(fromSql);
    // Not vacuous: the history produces non-zero values for most metrics.
    expect(Object.values(fromSql).filter((v) => v > 0).length).toBeGreaterThan(REFS.length / 2);
  });
});

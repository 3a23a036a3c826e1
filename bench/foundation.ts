/**
 * Foundation figures: how fast the demo history loads (the 1,000,000-event history on
 * PostgreSQL, a smaller one on PGlite) and how fast HTTP ingestion records events.
 */
import type { BackendKind } from "@partnerflow/db";
import { loadDemoHistory } from "@partnerflow/demo";
import { cpuMeter } from "./ingest-streams.ts";
import { ingestionBench } from "./ingestion.ts";
import {
  opsPerSecond,
  withBenchDatabase,
  type BenchContext,
  type BenchModule,
  type BenchResult,
} from "./lib.ts";

const END = new Date("2026-06-30T00:00:00.000Z");

async function demoLoad(
  ctx: BenchContext,
  kind: BackendKind,
  partners: number,
  years: number,
  target: number | null,
): Promise<BenchResult[]> {
  return withBenchDatabase(kind, ctx.postgresUrl, async (database) => {
    ctx.log(`${kind}: loading demo history ${partners} partners x ${years} years`);
    const meter = await cpuMeter(database);
    const r = await loadDemoHistory(database, {
      partners,
      years,
      seed: 42,
      endDate: END,
      onProgress: (n) => {
        if (n % 250_000 === 0) ctx.log(`${kind}: ${n.toLocaleString("en-US")} events`);
      },
    });
    const cpu = await meter();
    ctx.log(`${kind}: ${r.events} events in ${r.ms} ms`);
    const backend = kind === "postgres" ? "postgresql" : "pglite";
    const size = `${partners.toLocaleString("en-US")} partners x ${years} y`;
    // CPU per event compares runs on a shared machine, where the rate swings with the load.
    const perEvent = (seconds: number): BenchResult => ({
      name: "",
      value: Math.round((seconds * 1e7) / r.events) / 10,
      unit: "µs/event",
      target: null,
      backend,
      better: "lower",
    });
    const cpuRows: BenchResult[] = [
      { ...perEvent(cpu.node), name: `demo load (${size}), Node CPU per event` },
    ];
    if (cpu.mainThread !== null) {
      cpuRows.push({
        ...perEvent(cpu.mainThread),
        name: `demo load (${size}), Node main-thread CPU per event`,
      });
    }
    if (cpu.postgres !== null) {
      cpuRows.push({
        ...perEvent(cpu.postgres),
        name: `demo load (${size}), PostgreSQL backend CPU per event (leader only)`,
      });
    }
    return [
      {
        name: `demo load (${size}) events`,
        value: r.events,
        unit: "events",
        target: kind === "postgres" ? 1_000_000 : null,
        backend,
      },
      {
        name: `demo load (${size}) rate`,
        value: opsPerSecond(r.events, r.ms),
        unit: "events/s",
        target,
        backend,
      },
      ...cpuRows,
    ];
  });
}

export const foundation: BenchModule = {
  area: "foundation",
  async run(ctx) {
    return [
      ...(await demoLoad(ctx, "postgres", 20_000, 3, 50_000)),
      ...(await demoLoad(ctx, "pglite", 2_000, 2, null)),
      ...(await ingestionBench(ctx, "postgres", {
        batchPartners: 1000,
        batchLines: 5000,
        streams: [1, 2],
        singles: 2000,
        concurrency: 8,
      })),
      ...(await ingestionBench(ctx, "pglite", {
        batchPartners: 500,
        batchLines: 1000,
        streams: [1],
        singles: 1000,
        concurrency: 8,
      })),
    ];
  },
};

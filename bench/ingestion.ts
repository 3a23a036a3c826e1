/**
 * HTTP ingestion throughput: NDJSON batches (POST /api/events/batch) and single events
 * (POST /api/events, several in flight) against the real server on a fresh database. The
 * client runs in the same process as the server, so the figures include its cost too.
 */
import type { BackendKind } from "@partnerflow/db";
import type { EventInput } from "@partnerflow/domain";
import { demoRecords, toEventInput } from "@partnerflow/demo";
import { startServer } from "../apps/server/src/index.ts";
import { cpuMeter, partnerStreams } from "./ingest-streams.ts";
import {
  opsPerSecond,
  percentile,
  withBenchDatabase,
  type BenchContext,
  type BenchResult,
} from "./lib.ts";

const API_KEY = "pf-bench-key-0123456789abcdef";

export interface IngestionSizes {
  /** Partners of the demo history posted in batches (one year of it). */
  batchPartners: number;
  /** NDJSON lines per batch request. */
  batchLines: number;
  /**
   * Independent partner streams posting batches at the same time (each stream one request at
   * a time: its later lines depend on earlier ones). 1 is one ordered stream.
   */
  streams: number[];
  /** Single events posted one per request, and how many requests are in flight. */
  singles: number;
  concurrency: number;
}

async function post(url: string, body: string | Uint8Array, contentType: string): Promise<void> {
  const res = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${API_KEY}`, "content-type": contentType },
    body,
  });
  const text = await res.text();
  if (res.status !== 200)
    throw new Error(`POST ${url} answered ${res.status}: ${text.slice(0, 500)}`);
}

/**
 * NDJSON request bodies of `lines` events each, encoded to bytes up front: an external system
 * sends bytes, and encoding megabytes of text is client work that the timed window (client and
 * server share this process) should not include.
 */
function ndjsonBodies(events: readonly EventInput[], lines: number): Uint8Array[] {
  const bodies: Uint8Array[] = [];
  for (let i = 0; i < events.length; i += lines) {
    const text = `${events
      .slice(i, i + lines)
      .map((e) => JSON.stringify(e))
      .join("\n")}\n`;
    bodies.push(Buffer.from(text, "utf8"));
  }
  return bodies;
}

const END_DATE = new Date("2026-06-30T00:00:00.000Z");
const backendName = (kind: BackendKind): string => (kind === "postgres" ? "postgresql" : "pglite");

/**
 * Posts one year of demo history to POST /api/events/batch on a fresh database, split into
 * `streams` independent partner streams posting at the same time. Events/s by wall clock,
 * and the CPU per event of this process (client + server) and of the PostgreSQL backends.
 */
async function batchRun(
  ctx: BenchContext,
  kind: BackendKind,
  sizes: IngestionSizes,
  streams: number,
  after?: (serverUrl: string, partnerIds: string[]) => Promise<BenchResult[]>,
): Promise<BenchResult[]> {
  const events = [
    ...demoRecords({ partners: sizes.batchPartners, years: 1, seed: 9, endDate: END_DATE }),
  ].map(toEventInput);
  const bodies = partnerStreams(events, streams).map((s) => ndjsonBodies(s, sizes.batchLines));
  return withBenchDatabase(kind, ctx.postgresUrl, async (database) => {
    const server = await startServer({ database, port: 0, apiKey: API_KEY });
    try {
      const url = `${server.url}/api/events/batch`;
      ctx.log(
        `${kind}: posting ${events.length} events, ${streams} stream(s) of NDJSON x${sizes.batchLines} ` +
          `(${bodies.map((b) => b.length).join(" + ")} requests)`,
      );
      const meter = await cpuMeter(database);
      const t0 = performance.now();
      await Promise.all(
        bodies.map(async (stream) => {
          for (const body of stream) await post(url, body, "application/x-ndjson");
        }),
      );
      const ms = performance.now() - t0;
      const cpu = await meter();
      const perEvent = (s: number): number => Math.round((s * 1e6) / events.length);
      const label = streams === 1 ? "1 stream" : `${streams} streams`;
      const b = backendName(kind);
      ctx.log(
        `${kind}: ${label}: ${opsPerSecond(events.length, ms)} events/s; CPU per event: ` +
          `node ${perEvent(cpu.node)} µs (main thread ${cpu.mainThread === null ? "n/a" : `${perEvent(cpu.mainThread)} µs`}), ` +
          `PostgreSQL backends ${cpu.postgres === null ? "n/a" : `${perEvent(cpu.postgres)} µs`}`,
      );
      const results: BenchResult[] = [
        {
          name: `http ingest batch (NDJSON x${sizes.batchLines}, ${label})`,
          value: opsPerSecond(events.length, ms),
          unit: "events/s",
          // The target is for the concurrent client; the one-stream figure is informational.
          target: kind === "postgres" && streams > 1 ? 20_000 : null,
          backend: b,
        },
        {
          name: `http ingest batch, Node CPU per event (${label})`,
          value: perEvent(cpu.node),
          unit: "µs",
          target: null,
          backend: b,
          better: "lower",
        },
      ];
      if (cpu.mainThread !== null) {
        results.push({
          name: `http ingest batch, Node main-thread CPU per event (${label})`,
          value: perEvent(cpu.mainThread),
          unit: "µs",
          target: null,
          backend: b,
          better: "lower",
        });
      }
      if (cpu.postgres !== null) {
        results.push({
          name: `http ingest batch, PostgreSQL CPU per event (${label})`,
          value: perEvent(cpu.postgres),
          unit: "µs",
          target: null,
          backend: b,
          better: "lower",
        });
      }
      if (after) {
        const partnerIds = events
          .filter((e) => e.type === "partner.created")
          .map((e) => e.partnerId!);
        results.push(...(await after(server.url, partnerIds)));
      }
      return results;
    } finally {
      await server.close();
    }
  });
}

export async function ingestionBench(
  ctx: BenchContext,
  kind: BackendKind,
  sizes: IngestionSizes,
): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const [i, streams] of sizes.streams.entries()) {
    // The single events go to the database the first batch run filled.
    const after = i === 0 ? singleRun(ctx, kind, sizes) : undefined;
    results.push(...(await batchRun(ctx, kind, sizes, streams, after)));
  }
  return results;
}

/** POST /api/events, one sale per request, `concurrency` requests in flight. */
function singleRun(
  ctx: BenchContext,
  kind: BackendKind,
  sizes: IngestionSizes,
): (serverUrl: string, partnerIds: string[]) => Promise<BenchResult[]> {
  return async (serverUrl, partnerIds) => {
    ctx.log(`${kind}: posting ${sizes.singles} single events, ${sizes.concurrency} in flight`);
    const latencies: number[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < sizes.singles) {
        const i = next++;
        const partnerId = partnerIds[i % partnerIds.length]!;
        const body = JSON.stringify({
          type: "sale.recorded",
          idempotencyKey: `bench-single-${i}`,
          partnerId,
          occurredAt: END_DATE.toISOString(),
          payload: {
            saleId: `bench-s-${i}`,
            amount: { amount: "1250.00", currency: "EUR" },
            productLine: "core",
          },
        });
        const s = performance.now();
        await post(`${serverUrl}/api/events`, body, "application/json");
        latencies.push(performance.now() - s);
      }
    };
    const t1 = performance.now();
    await Promise.all(Array.from({ length: sizes.concurrency }, worker));
    const singleMs = performance.now() - t1;

    const b = backendName(kind);
    return [
      {
        name: `http ingest single (${sizes.concurrency} in flight)`,
        value: opsPerSecond(sizes.singles, singleMs),
        unit: "events/s",
        target: null,
        backend: b,
      },
      {
        name: "http ingest single p95 latency",
        value: Math.round(percentile(latencies, 95) * 10) / 10,
        unit: "ms",
        target: null,
        backend: b,
        better: "lower",
      },
    ];
  };
}

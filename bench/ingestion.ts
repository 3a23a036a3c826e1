/**
 * HTTP ingestion throughput: NDJSON batches (POST /api/events/batch) and single events
 * (POST /api/events, several in flight) against the real server on a fresh database. The
 * client runs in the same process as the server, so the figures include its cost too.
 */
import type { BackendKind } from "@partnerflow/db";
import { demoRecords, toEventInput } from "@partnerflow/demo";
import { startServer } from "../apps/server/src/index.ts";
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
  /** NDJSON lines per batch request (one request at a time: later lines depend on earlier). */
  batchLines: number;
  /** Single events posted one per request, and how many requests are in flight. */
  singles: number;
  concurrency: number;
}

async function post(url: string, body: string, contentType: string): Promise<void> {
  const res = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${API_KEY}`, "content-type": contentType },
    body,
  });
  const text = await res.text();
  if (res.status !== 200)
    throw new Error(`POST ${url} answered ${res.status}: ${text.slice(0, 500)}`);
}

export async function ingestionBench(
  ctx: BenchContext,
  kind: BackendKind,
  sizes: IngestionSizes,
): Promise<BenchResult[]> {
  return withBenchDatabase(kind, ctx.postgresUrl, async (database) => {
    const server = await startServer({ database, port: 0, apiKey: API_KEY });
    try {
      const endDate = new Date("2026-06-30T00:00:00.000Z");
      const lines = [
        ...demoRecords({ partners: sizes.batchPartners, years: 1, seed: 9, endDate }),
      ].map((r) => JSON.stringify(toEventInput(r)));
      const bodies: string[] = [];
      for (let i = 0; i < lines.length; i += sizes.batchLines) {
        bodies.push(`${lines.slice(i, i + sizes.batchLines).join("\n")}\n`);
      }
      ctx.log(`${kind}: posting ${lines.length} events in ${bodies.length} NDJSON batches`);
      const t0 = performance.now();
      for (const body of bodies)
        await post(`${server.url}/api/events/batch`, body, "application/x-ndjson");
      const batchMs = performance.now() - t0;

      ctx.log(`${kind}: posting ${sizes.singles} single events, ${sizes.concurrency} in flight`);
      const latencies: number[] = [];
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < sizes.singles) {
          const i = next++;
          const partnerId = `p${String((i % sizes.batchPartners) + 1).padStart(5, "0")}`;
          const body = JSON.stringify({
            type: "sale.recorded",
            idempotencyKey: `bench-single-${i}`,
            partnerId,
            occurredAt: endDate.toISOString(),
            payload: {
              saleId: `bench-s-${i}`,
              amount: { amount: "1250.00", currency: "EUR" },
              productLine: "core",
            },
          });
          const s = performance.now();
          await post(`${server.url}/api/events`, body, "application/json");
          latencies.push(performance.now() - s);
        }
      };
      const t1 = performance.now();
      await Promise.all(Array.from({ length: sizes.concurrency }, worker));
      const singleMs = performance.now() - t1;

      const b = kind === "postgres" ? "postgresql" : "pglite";
      return [
        {
          name: `http ingest batch (NDJSON x${sizes.batchLines})`,
          value: opsPerSecond(lines.length, batchMs),
          unit: "events/s",
          target: kind === "postgres" ? 20_000 : null,
          backend: b,
        },
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
    } finally {
      await server.close();
    }
  });
}

/**
 * The benchmark harness's shared pieces: the result shape every area returns, timing helpers
 * and a fresh, throwaway database per PostgreSQL or PGlite run (never someone else's data).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openMigratedDatabase, type BackendKind, type Database } from "@partnerflow/db";
import postgres from "postgres";

/** One measured figure. `target` is what the figure should reach (null: informational). */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target: number | null;
  backend: string;
  /** Whether bigger values are better (throughput) or smaller (latency). Default "higher". */
  better?: "higher" | "lower";
}

/** What the runner hands every area. */
export interface BenchContext {
  /** PostgreSQL server URL the benches create their own databases next to. */
  postgresUrl: string;
  /** Writes a progress line (stderr, so the table on stdout stays clean). */
  log(message: string): void;
}

/** A benchmark area: one file exporting this, listed once in bench/index.ts. */
export interface BenchModule {
  area: string;
  run(ctx: BenchContext): Promise<BenchResult[]>;
}

/** Runs `fn` once and returns its result with the elapsed milliseconds. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ result: T; ms: number }> {
  const t0 = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - t0 };
}

/** The p-th percentile (0–100) of the values, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/** Runs `fn` `runs` times (after `warmup` unmeasured runs) and returns the median ms. */
export async function medianMs(fn: () => unknown, runs = 5, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(fn)).ms);
  return median(times);
}

/** Operations per second for `n` operations in `ms` milliseconds, rounded. */
export const opsPerSecond = (n: number, ms: number): number => Math.round((n * 1000) / ms);

/** Whether a result meets its target (null targets always pass). */
export function meets(r: BenchResult): boolean {
  if (r.target === null) return true;
  return (r.better ?? "higher") === "higher" ? r.value >= r.target : r.value <= r.target;
}

/**
 * A fresh migrated database for one benchmark. PostgreSQL: `CREATE DATABASE pf_bench_<rand>`
 * next to `postgresUrl`, dropped by `close()`. PGlite: a temp folder, removed by `close()`.
 */
export async function benchDatabase(kind: BackendKind, postgresUrl: string): Promise<Database> {
  if (kind === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "pf-bench-"));
    const database = await openMigratedDatabase({ kind: "pglite", dataDir: dir });
    return {
      ...database,
      close: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `pf_bench_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} });
  try {
    await admin`CREATE DATABASE ${admin(name)}`;
  } finally {
    await admin.end();
  }
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const database = await openMigratedDatabase({ kind: "postgres", url: url.toString(), max: 10 });
  return {
    ...database,
    close: async () => {
      await database.close();
      const dropper = postgres(postgresUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper`DROP DATABASE IF EXISTS ${dropper(name)} WITH (FORCE)`;
      } finally {
        await dropper.end();
      }
    },
  };
}

/** Opens a bench database, runs `fn`, always closes (and drops) it. */
export async function withBenchDatabase<T>(
  kind: BackendKind,
  postgresUrl: string,
  fn: (database: Database) => Promise<T>,
): Promise<T> {
  const database = await benchDatabase(kind, postgresUrl);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

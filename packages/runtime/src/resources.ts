import { sql, type SQL } from "drizzle-orm";
import type { Database } from "@partnerflow/db";

/** Minimal logger the runtime writes to (the server passes its JSON logger). */
export interface RuntimeLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Guards and knobs; every one is a setting (see docs/runtime.md). */
export interface RuntimeLimits {
  /** Causation depth at which a run is refused as a loop (default 16). */
  maxCausationDepth: number;
  /** Steps per run (default 2,000). */
  stepBudget: number;
  /** Largest serialized run state in bytes (default 256 KiB). */
  maxStateBytes: number;
  /** Wall-clock limit of one step (default 10 s). */
  stepTimeoutMs: number;
  /** Attempts before a run faulting with system errors goes to the dead-letter state (default 5). */
  maxAttempts: number;
  /** How long a claimed run is leased to a worker before another may take it over (default 30 s). */
  leaseMs: number;
  /** Runs one worker claims at a time (default 128). */
  claimBatch: number;
  /** Events the dispatcher reads per pass (default 500). */
  dispatchBatch: number;
  /** Transactions one worker runs side by side for a claimed batch, PostgreSQL only (default 2). */
  executeParallel: number;
  /**
   * Runs the dispatcher executes in its own transaction, right as it starts them (default
   * 64; 0 = every run is queued and claimed). Cuts a run's latency at low load; see
   * docs/runtime.md, "Inline execution".
   */
  inlineRuns: number;
}

export const DEFAULT_RUNTIME_LIMITS: RuntimeLimits = {
  maxCausationDepth: 16,
  stepBudget: 2_000,
  maxStateBytes: 262_144,
  stepTimeoutMs: 10_000,
  maxAttempts: 5,
  leaseMs: 30_000,
  claimBatch: 128,
  dispatchBatch: 500,
  executeParallel: 2,
  inlineRuns: 64,
};

/** What every runtime system shares: the database, a logger, the clock and the limits. */
export interface RuntimeResources {
  readonly database: Database;
  readonly logger: RuntimeLogger;
  /**
   * Injected clock for tests. Without it "now" is the DATABASE clock (`now()` in SQL), so
   * every worker agrees on when a wait is due whatever its own clock says.
   */
  readonly clock: (() => Date) | undefined;
  readonly limits: RuntimeLimits;
  /** This process's worker id (lease owner). */
  readonly workerId: string;
}

/** "now" as SQL: the injected clock when there is one, else the database clock. */
export function nowSql(r: Pick<RuntimeResources, "clock">): SQL {
  return r.clock ? sql`${r.clock().toISOString()}::timestamptz` : sql`now()`;
}

/**
 * The current instant as SQL, for timestamps that say when something happened inside a long
 * transaction (a run's `finished_at`): `clock_timestamp()`, not the transaction's start.
 */
export function instantSql(r: Pick<RuntimeResources, "clock">): SQL {
  return r.clock ? nowSql(r) : sql`clock_timestamp()`;
}

export const silentLogger: RuntimeLogger = { info() {}, warn() {}, error() {} };

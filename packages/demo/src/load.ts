import type { Database } from "@partnerflow/db";

/** Options of {@link loadDemoHistory}. */
export interface LoadDemoOptions {
  /** How many partners the history covers (200 is the default demo). */
  partners: number;
  /** How many years of history, ending at `endDate`. */
  years: number;
  /** PRNG seed: the same seed, size and end date always give the same history. */
  seed: number;
  /** Last instant of the history; defaults to now. Pass one for reproducible loads. */
  endDate?: Date;
  /** Called now and then with the number of events written so far. */
  onProgress?: (events: number) => void;
}

export interface LoadDemoResult {
  events: number;
  partners: number;
  ms: number;
}

/**
 * Generates a deterministic demo history and bulk-loads it: event log, users, exchange
 * rates and the current-state tables. Refuses when the database already holds a demo.
 */
export function loadDemoHistory(
  database: Database,
  opts: LoadDemoOptions,
): Promise<LoadDemoResult> {
  void database;
  void opts;
  return Promise.reject(new Error("loadDemoHistory: not implemented yet"));
}

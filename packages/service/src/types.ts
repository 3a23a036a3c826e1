import type { RateBook } from "@partnerflow/domain";

/** Options for recording events. */
export interface RecordOptions {
  /** The workflow run whose effect this is (stored on the event; rewards/tasks keep it as runId). */
  causationRunId?: string;
  /** 0 for the outside world; a run's effects carry the trigger depth + 1. */
  causationDepth?: number;
  /**
   * Per-input causation, in input order, overriding the two above: one call records the
   * effects of several runs (the runtime's batched execution).
   */
  causations?: readonly { runId: string; depth: number }[];
  /** Default occurredAt for inputs that carry none (else: now). */
  occurredAt?: Date;
  /** Rates to convert money with (else read from exchange_rates, fallback DEFAULT_PER_USD). */
  rates?: RateBook;
}

/** What recording one event answered. */
export interface RecordResult {
  /** The event's seq (for a duplicate: the first recording's seq). */
  seq: number;
  /** True when the idempotency key was already recorded: nothing was written. */
  duplicate: boolean;
  /** Seqs of events the service derived from this one (inventory.low). */
  derived: number[];
}

/** An ingestion answer, HTTP-framework agnostic. */
export interface IngestResponse {
  status: 200 | 400 | 409 | 413;
  body: IngestBody;
}

export interface IngestIssue {
  /** 1-based NDJSON line number (batch only). */
  line?: number;
  path: string;
  message: string;
  code?: string;
}

export type IngestBody =
  | { ok: true; seq: number; duplicate: boolean; derived: number[] }
  | {
      ok: true;
      count: number;
      recorded: number;
      duplicates: number;
      results: { line: number; seq: number; duplicate: boolean }[];
    }
  | { ok: false; error: string; issues: IngestIssue[] };

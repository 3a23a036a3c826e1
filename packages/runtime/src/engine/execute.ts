import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { schema, queryRows, type Tx } from "@partnerflow/db";
import { settleAll } from "@partnerflow/service";
import type { RunState, TraceEntry } from "@partnerflow/workflow";
import { LiveHost } from "../host/live-host.ts";
import { BatchGate, type TxGate } from "../host/tx-gate.ts";
import { nowSql, type RuntimeResources } from "../resources.ts";
import { stepRun } from "../workflow-port.ts";
import type { DeliveryOptions } from "./outbox.ts";
import { finishRuns, type Outcome, type RunRow } from "./finish.ts";
import { loadVersion } from "./versions.ts";

/** Resources of run execution; `delivery` says whether emails leave through SMTP. */
export type ExecResources = RuntimeResources & { readonly delivery?: DeliveryOptions };

/**
 * Claims up to `claimBatch` runnable runs for this worker: queued runs that are due, and
 * running runs whose lease expired (their worker died). `FOR UPDATE SKIP LOCKED` lets any
 * number of workers claim side by side. A run is only claimable when no earlier run of the
 * same workflow for the same partner is still queued or running, so one partner's runs of
 * one workflow execute in event order (runs without a partner have no order to keep). That
 * check is a scalar subquery (the pair's first run in line, from the runs_queue_order_idx
 * partial index): written as an anti-join, the planner could pick a plan that reads every
 * run in line once per candidate when its statistics were taken with the queue empty
 * (measured: 95 ms instead of 5 for 500 queued runs).
 */
export async function claimRuns(r: RuntimeResources): Promise<string[]> {
  const now = nowSql(r);
  const lease = sql`${now} + ${`${r.limits.leaseMs} milliseconds`}::interval`;
  const rows = await queryRows<{ id: string }>(
    r.database.db,
    sql`update ${schema.runs} set status = 'running', lease_owner = ${r.workerId},
          lease_until = ${lease}, attempts = ${schema.runs.attempts} + 1, updated_at = ${now}
        where id in (
          select c.id from ${schema.runs} c
          where c.status in ('queued', 'running')
            and ((c.status = 'queued' and (c.due_at is null or c.due_at <= ${now}))
             or (c.status = 'running' and c.lease_until < ${now}))
            and (c.partner_id is null or c.order_seq = (
              select min(e.order_seq) from ${schema.runs} e
              where e.workflow_id = c.workflow_id and e.partner_id = c.partner_id
                and e.status in ('queued', 'running')))
          order by c.order_seq
          limit ${r.limits.claimBatch}
          for update skip locked)
        returning id`,
  );
  return rows.map((row) => row.id);
}

/** Extends this worker's leases (the heartbeat of long batches). */
export async function heartbeat(r: RuntimeResources, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const now = nowSql(r);
  await r.database.db
    .update(schema.runs)
    .set({ leaseUntil: sql`${now} + ${`${r.limits.leaseMs} milliseconds`}::interval` })
    .where(
      and(
        inArray(schema.runs.id, [...ids]),
        eq(schema.runs.leaseOwner, r.workerId),
        eq(schema.runs.status, "running"),
      ),
    );
}

class StepTimeout extends Error {
  override readonly name = "StepTimeout";
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function within<T>(p: Promise<T>, ms: number): Promise<T | "late"> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((res) => (timer = setTimeout(() => res("late"), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * Runs one step with the `stepTimeoutMs` limit, and NEVER leaves it running: a step that
 * outlives its transaction would send its remaining queries on a connection that is back in
 * the pool (outside any transaction, or inside someone else's). On a timeout the step's query
 * is cancelled (`pg_cancel_backend`, then `pg_terminate_backend` if it does not end within a
 * second), the step is awaited, and StepTimeout aborts the whole group. PGlite has one
 * connection and no lock waits: its steps always end on their own.
 */
async function stepWithin<T>(r: RuntimeResources, pid: number | null, p: Promise<T>): Promise<T> {
  const settled: Promise<Settled<T>> = p.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
  const first = await within(settled, r.limits.stepTimeoutMs);
  if (first !== "late") {
    if (first.ok) return first.value;
    throw first.error;
  }
  if (pid !== null) {
    for (const stop of [sql`pg_cancel_backend(${pid})`, sql`pg_terminate_backend(${pid})`]) {
      await queryRows(r.database.db, sql`select ${stop} as stopped`).catch(() => []);
      if ((await within(settled, 1_000)) !== "late") break;
    }
  }
  await settled;
  throw new StepTimeout(`a step took longer than ${r.limits.stepTimeoutMs} ms`);
}

/**
 * Executes one claimed run until it parks, completes or fails, in ONE transaction: the
 * steps' effects (events, ledger, outbox rows), the step trace and the run's new state
 * commit together. A crash before commit leaves the run leased; it is taken over when the
 * lease expires and executed again from its last committed state, so effects happen once.
 */
export async function executeRun(r: ExecResources, runId: string): Promise<void> {
  await executeRuns(r, [runId]);
}

/**
 * Executes a batch of claimed runs in ONE transaction (one commit, one WAL flush for the
 * batch instead of one per run). Each run executes inside its own SAVEPOINT, so a run that
 * faults is rolled back alone and retried later while the others commit. Every run's
 * effects, steps and new state still commit atomically with each other. Runs are locked in
 * partner order so two workers' batches take partner rows in the same order.
 */
export async function executeRuns(r: ExecResources, runIds: readonly string[]): Promise<void> {
  if (runIds.length === 0) return;
  // Several transactions side by side on PostgreSQL (the pool has several connections): a
  // run is mostly waiting on round trips, so overlapping them multiplies throughput.
  const parallel = r.database.kind === "postgres" ? Math.max(1, r.limits.executeParallel) : 1;
  // Side by side, a group of N runs costs about the statements of one: split only batches
  // big enough for the second transaction to pay for its own round trips.
  const groups = Math.min(parallel, Math.ceil(runIds.length / 32));
  if (groups <= 1) return executeGroup(r, runIds);
  const size = Math.ceil(runIds.length / groups);
  await Promise.all(
    Array.from({ length: groups }, (_, g) =>
      executeGroup(r, runIds.slice(g * size, (g + 1) * size)),
    ),
  );
}

/**
 * Errors after which the group's transaction must be rolled back as a whole. A StepTimeout
 * abandons the step's promise while its queries may still be queued on the connection:
 * inside a savepoint those orphaned writes would land in the outer transaction and commit.
 */
function abortsGroup(err: unknown): boolean {
  return err instanceof StepTimeout;
}

/** A deadlock or serialization failure: nobody's fault, the run is simply tried again. */
function isConflict(err: unknown): boolean {
  for (let e = err; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (code === "40P01" || code === "40001") return true;
    if (!(e instanceof Error)) break;
  }
  return false;
}

async function executeGroup(r: ExecResources, runIds: readonly string[]): Promise<void> {
  if (runIds.length === 0) return;
  // Side by side first; if anything faults, the batch rolls back and the runs go one by one,
  // each in its own savepoint, so the fault is pinned on its run and the others commit.
  if (runIds.length > 1 && (await executeBatch(r, runIds))) return;
  const faults = new Map<string, unknown>();
  const aborted: { runId?: string; err?: unknown } = {};
  try {
    await r.database.db.transaction(async (tx) => {
      const { runs, clock, pid } = await lockGroup(r, tx, runIds);
      for (const run of runs) {
        if (run.status !== "running") continue; // taken over or cancelled meanwhile
        try {
          const one = async (t: Tx) =>
            finishRuns(r, t, [await interpret(r, t, run, clock, pid)], clock);
          if (runs.length === 1) await one(tx);
          else await tx.transaction(one);
        } catch (err) {
          if (runs.length === 1 || abortsGroup(err)) {
            Object.assign(aborted, { runId: run.id, err });
            throw err;
          }
          faults.set(run.id, err);
        }
      }
    });
  } catch (err) {
    // Nothing of the group committed. The run that caused the abort is retried as a fault;
    // the others did nothing wrong and go back to the queue without penalty.
    if (aborted.runId !== undefined) {
      if (!isConflict(aborted.err)) faults.set(aborted.runId, aborted.err);
    } else if (!isConflict(err)) {
      for (const id of runIds) if (!faults.has(id)) faults.set(id, err);
    }
    await requeue(
      r,
      runIds.filter((id) => !faults.has(id)),
    );
  }
  const conflicts = [...faults].filter(([, err]) => isConflict(err)).map(([id]) => id);
  await requeue(r, conflicts);
  for (const [id, err] of faults) if (!isConflict(err)) await recordFault(r, id, err);
}

/**
 * Executes the group's runs SIDE BY SIDE in one transaction: their host calls meet in one
 * BatchGate, so N runs cost about as many statements as one (one partner read, one
 * `recordEventsInTx` for every reward, one outbox INSERT, one step INSERT, one run UPDATE).
 * Answers false — with nothing committed — when any run faulted; the caller then executes
 * the runs one by one, which pins the fault on its run.
 */
async function executeBatch(r: ExecResources, runIds: readonly string[]): Promise<boolean> {
  try {
    await r.database.db.transaction(async (tx) => {
      const { runs, clock, pid } = await lockGroup(r, tx, runIds);
      // Taken over or cancelled meanwhile: not ours to execute.
      await executeInTx(
        r,
        tx,
        runs.filter((run) => run.status === "running"),
        clock,
        pid,
      );
    });
    return true;
  } catch (err) {
    r.logger.info("batched execution rolled back, executing the runs one by one", {
      runs: runIds.length,
      error: err instanceof Error ? err.message : String(err),
    });
    return false;
  }
}

/** The events a group of runs recorded: their types, and whether any derived others. */
export interface RecordedEvents {
  readonly types: ReadonlySet<string>;
  readonly derived: boolean;
}

/**
 * Executes runs this transaction holds SIDE BY SIDE: their host calls meet in one BatchGate,
 * then their traces and new states are written together. Throws the first run's fault (the
 * caller rolls the transaction back); writes nothing of its own before every run is done.
 * Answers what events the runs recorded.
 */
export async function executeInTx(
  r: ExecResources,
  tx: Tx,
  runs: readonly RunRow[],
  clock: Date,
  pid: number | null,
): Promise<RecordedEvents> {
  const gate = new BatchGate(tx);
  const outcomes = await interpretInTx(r, tx, runs, clock, pid, gate);
  // The effects' writes still in flight first: a failure there is the one to report.
  await settleAll<unknown>([
    ...gate.takeWrites(),
    finishRuns(r, tx, outcomes, clock, gate.takeOutbox()),
  ]);
  return recordedBy(gate);
}

/**
 * Steps runs side by side through `gate` until each parks, completes or fails; writes
 * nothing of the runs themselves (their traces, states and outbox rows are the caller's to
 * write). Throws the first run's fault. `gate` may come with the runs' first reads
 * prefetched (see BatchGate.prefetch).
 */
export async function interpretInTx(
  r: ExecResources,
  tx: Tx,
  runs: readonly RunRow[],
  clock: Date,
  pid: number | null,
  gate: BatchGate,
): Promise<Outcome[]> {
  const settled = await Promise.allSettled(
    runs.map((run) => interpret(r, tx, run, clock, pid, gate)),
  );
  const outcomes: Outcome[] = [];
  for (const s of settled) {
    if (s.status === "rejected") throw s.reason;
    outcomes.push(s.value);
  }
  return outcomes;
}

/** The events the runs of `gate` recorded. */
export const recordedBy = (gate: BatchGate): RecordedEvents => ({
  types: gate.recordedTypes,
  derived: gate.derived,
});

/**
 * Locks the group's runs (in partner order, so two workers' groups take partner rows in the
 * same order) and reads the clock — and the backend's pid, which lets a timed-out step's
 * query be cancelled (see stepWithin) — in one round trip.
 */
async function lockGroup(r: ExecResources, tx: Tx, runIds: readonly string[]) {
  const [runs, { clock, pid }] = await Promise.all([
    tx
      .select()
      .from(schema.runs)
      .where(and(inArray(schema.runs.id, [...runIds]), eq(schema.runs.leaseOwner, r.workerId)))
      .orderBy(asc(schema.runs.partnerId), asc(schema.runs.orderSeq))
      .for("update"),
    txClock(r, tx),
  ]);
  return { runs, clock, pid };
}

/**
 * The transaction's clock (its `now()`, or the injected clock) and, on PostgreSQL, its
 * backend's pid, which lets a timed-out step's query be cancelled (see stepWithin). With
 * `quiet`, the same statement sets `partnerflow.quiet_events` for the transaction (events it
 * inserts notify nobody, migration 0004); `quiet` in the answer says whether it was set.
 */
export async function txClock(
  r: RuntimeResources,
  tx: Tx,
  opts: { quiet?: boolean } = {},
): Promise<{ clock: Date; pid: number | null; quiet: boolean }> {
  // PGlite with an injected clock needs no statement at all (and does without quiet).
  if (r.database.kind === "pglite" && r.clock) return { clock: r.clock(), pid: null, quiet: false };
  const quiet = opts.quiet === true;
  const pid = r.database.kind === "postgres" ? sql`pg_backend_pid()` : sql`null`;
  const set = quiet ? sql`, set_config('partnerflow.quiet_events', 'on', true) as quiet` : sql``;
  const [conn] = await queryRows<{ now: Date | string; pid: number | null }>(
    tx,
    sql`select now() as now, ${pid} as pid${set}`,
  );
  return { clock: r.clock ? r.clock() : new Date(conn!.now), pid: conn?.pid ?? null, quiet };
}

/**
 * Puts claimed runs back in the queue without counting an attempt (their transaction was
 * rolled back because of another run, a deadlock or a serialization failure).
 */
async function requeue(r: RuntimeResources, runIds: readonly string[]): Promise<void> {
  if (runIds.length === 0) return;
  try {
    await r.database.db
      .update(schema.runs)
      .set({
        status: "queued",
        leaseOwner: null,
        leaseUntil: null,
        attempts: sql`greatest(${schema.runs.attempts} - 1, 0)`,
        updatedAt: nowSql(r),
      })
      .where(
        and(
          inArray(schema.runs.id, [...runIds]),
          eq(schema.runs.leaseOwner, r.workerId),
          eq(schema.runs.status, "running"),
        ),
      );
  } catch (e) {
    // The database itself is unreachable: the leases expire and the runs are taken over.
    r.logger.error("could not requeue runs", { runs: runIds.length, error: String(e) });
  }
}

/** Steps one claimed run until it parks, completes or fails; writes nothing of its own. */
async function interpret(
  r: ExecResources,
  tx: Tx,
  run: RunRow,
  clock: Date,
  pid: number | null,
  gate?: TxGate,
): Promise<Outcome> {
  const v = await loadVersion(tx, run.versionId);
  const host = new LiveHost(
    tx,
    { id: run.id, workflowId: run.workflowId, causationDepth: run.causationDepth },
    clock,
    // Without SMTP the outbox pass would only mark the email delivered_local: do it here.
    { localEmail: !r.delivery?.smtpUrl, ...(gate ? { gate } : {}) },
  );
  // Side by side, the runs' partners are read together in the first round (most workflows
  // read their partner; the host keeps the row for the run).
  if (gate && run.partnerId) host.partner(run.partnerId).catch(() => {});
  let state = run.state as unknown as RunState;
  const traces: TraceEntry[] = [];
  const limits = { stepBudget: r.limits.stepBudget, maxStateBytes: r.limits.maxStateBytes };
  while (state.status === "running") {
    const result = await stepWithin(r, pid, stepRun(v.ir, state, host, limits));
    if (host.fault) throw host.fault;
    state = result.state;
    if (result.trace) traces.push(result.trace);
  }
  return { run, state, traces };
}

/**
 * A system fault (not a workflow decision) rolled the run's transaction back: retry later
 * with exponential backoff and jitter, or move the run to the dead-letter state after
 * `maxAttempts`. Dead runs are listed and can be retried by hand (`runs.retry`).
 */
async function recordFault(r: RuntimeResources, runId: string, err: unknown): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  r.logger.warn("run attempt failed", { runId, error: message });
  try {
    const [run] = await r.database.db
      .select({ attempts: schema.runs.attempts })
      .from(schema.runs)
      .where(and(eq(schema.runs.id, runId), eq(schema.runs.leaseOwner, r.workerId)));
    if (!run) return;
    const dead = run.attempts >= r.limits.maxAttempts;
    const backoffMs = Math.min(60_000, 500 * 2 ** run.attempts) * (0.5 + Math.random() / 2);
    await r.database.db
      .update(schema.runs)
      .set({
        status: dead ? "dead" : "queued",
        dueAt: dead
          ? null
          : sql`${nowSql(r)} + ${`${Math.round(backoffMs)} milliseconds`}::interval`,
        leaseOwner: null,
        leaseUntil: null,
        error: {
          code: dead ? "dead_letter" : "transient",
          message,
          attempts: run.attempts,
        },
        updatedAt: nowSql(r),
      })
      .where(and(eq(schema.runs.id, runId), eq(schema.runs.leaseOwner, r.workerId)));
  } catch (e) {
    // The database itself is unreachable: the lease expires and another attempt follows.
    r.logger.error("could not record a run fault", { runId, error: String(e) });
  }
}

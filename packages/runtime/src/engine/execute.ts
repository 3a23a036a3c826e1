import { and, eq, inArray, sql } from "drizzle-orm";
import { schema, queryRows, type Tx } from "@partnerflow/db";
import type { RunState, TraceEntry } from "@partnerflow/workflow";
import { LiveHost } from "../host/live-host.ts";
import { nowSql, type RuntimeResources } from "../resources.ts";
import { stepRun } from "../workflow-port.ts";
import { loadVersion } from "./versions.ts";

type RunRow = typeof schema.runs.$inferSelect;

/**
 * Claims up to `claimBatch` runnable runs for this worker: queued runs that are due, and
 * running runs whose lease expired (their worker died). `FOR UPDATE SKIP LOCKED` lets any
 * number of workers claim side by side. A run is only claimable when no earlier run of the
 * same workflow for the same partner is still queued or running, so one partner's runs of
 * one workflow execute in event order.
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
          where ((c.status = 'queued' and (c.due_at is null or c.due_at <= ${now}))
             or (c.status = 'running' and c.lease_until < ${now}))
            and not exists (
              select 1 from ${schema.runs} e
              where e.workflow_id = c.workflow_id and e.partner_id = c.partner_id
                and e.order_seq < c.order_seq and e.status in ('queued', 'running'))
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

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepTimeout(`a step took longer than ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Executes one claimed run until it parks, completes or fails, in ONE transaction: the
 * steps' effects (events, ledger, outbox rows), the step trace and the run's new state
 * commit together. A crash before commit leaves the run leased; it is taken over when the
 * lease expires and executed again from its last committed state, so effects happen once.
 */
export async function executeRun(r: RuntimeResources, runId: string): Promise<void> {
  try {
    await r.database.db.transaction((tx) => executeInTx(r, tx, runId));
  } catch (err) {
    await recordFault(r, runId, err);
  }
}

async function executeInTx(r: RuntimeResources, tx: Tx, runId: string): Promise<void> {
  const [run] = await tx
    .select()
    .from(schema.runs)
    .where(and(eq(schema.runs.id, runId), eq(schema.runs.leaseOwner, r.workerId)))
    .for("update");
  if (run?.status !== "running") return; // taken over or cancelled meanwhile
  const clock = r.clock
    ? r.clock()
    : new Date((await queryRows<{ now: Date | string }>(tx, sql`select now() as now`))[0]!.now);
  const v = await loadVersion(tx, run.versionId);
  const host = new LiveHost(
    tx,
    { id: run.id, workflowId: run.workflowId, causationDepth: run.causationDepth },
    clock,
  );
  let state = run.state as unknown as RunState;
  const traces: TraceEntry[] = [];
  const limits = { stepBudget: r.limits.stepBudget, maxStateBytes: r.limits.maxStateBytes };
  while (state.status === "running") {
    const result = await withTimeout(stepRun(v.ir, state, host, limits), r.limits.stepTimeoutMs);
    if (host.fault) throw host.fault;
    state = result.state;
    if (result.trace) traces.push(result.trace);
  }
  if (traces.length > 0) {
    await tx
      .insert(schema.runSteps)
      .values(
        traces.map((t) => ({
          runId: run.id,
          seq: t.step,
          nodeId: t.nodeId,
          trace: t,
          effects: t.effects,
          at: new Date(t.at),
        })),
      )
      .onConflictDoNothing();
  }
  await finish(r, tx, run, state, clock);
}

async function finish(
  r: RuntimeResources,
  tx: Tx,
  run: RunRow,
  state: RunState,
  clock: Date,
): Promise<void> {
  const parked = state.status === "parked" ? state.parked : null;
  const done = state.status === "completed" || state.status === "failed";
  if (parked?.kind === "approval") {
    await tx
      .insert(schema.approvals)
      .values({
        id: `${run.id}:${parked.nodeId}:${state.steps}`,
        runId: run.id,
        nodeId: parked.nodeId,
        workflowId: run.workflowId,
        partnerId: run.partnerId,
        title: parked.title,
        approverRole: parked.approverRole,
        dueAt: parked.until ? new Date(parked.until) : null,
        createdAt: clock,
      })
      .onConflictDoNothing();
  }
  await tx
    .update(schema.runs)
    .set({
      status: state.status,
      state: state,
      dueAt: parked?.until ? new Date(parked.until) : null,
      waitEventType: parked?.kind === "event" ? parked.eventType : null,
      leaseOwner: null,
      leaseUntil: null,
      attempts: done || parked ? 0 : run.attempts,
      error: state.error,
      updatedAt: nowSql(r),
      finishedAt: done ? nowSql(r) : null,
    })
    .where(eq(schema.runs.id, run.id));
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

import { sql } from "drizzle-orm";
import { insertJsonRows, queryRows, schema, type Tx } from "@partnerflow/db";
import type { RunState, TraceEntry } from "@partnerflow/workflow";
import type { OutboxRow } from "../host/tx-gate.ts";
import { instantSql, type RuntimeResources } from "../resources.ts";

export type RunRow = typeof schema.runs.$inferSelect;

/** What executing a claimed run produced, before it is written. */
export interface Outcome {
  readonly run: RunRow;
  readonly state: RunState;
  readonly traces: readonly TraceEntry[];
}

/**
 * Writes what a group of runs produced — their step traces, their new states, the approvals
 * they park on and the outbox rows they asked for — in one statement per table, whatever the
 * number of runs, all sent before the first answers (pipelined on the transaction's
 * connection).
 */
export async function finishRuns(
  r: RuntimeResources,
  tx: Tx,
  outcomes: readonly Outcome[],
  clock: Date,
  outbox: readonly OutboxRow[] = [],
): Promise<void> {
  if (outcomes.length === 0) return;
  await Promise.all([...writeTraces(tx, outcomes, clock, outbox), updateRuns(r, tx, outcomes)]);
}

/**
 * `finishRuns` for runs that were never written: the runs a dispatcher executed inline are
 * INSERTed in their new state, with their traces (one row per run instead of an INSERT as
 * running and an UPDATE that rewrites every index entry). A run whose (version, trigger key)
 * exists already is skipped: answers the ids really inserted, and the caller rolls back if
 * one is missing (its effects were written for a run that had had its turn).
 */
export async function insertFinishedRuns(
  r: RuntimeResources,
  tx: Tx,
  outcomes: readonly Outcome[],
  clock: Date,
  outbox: readonly OutboxRow[] = [],
): Promise<Set<string>> {
  if (outcomes.length === 0) return new Set();
  const rows = outcomes.map(({ run, state }) => ({
    id: run.id,
    workflow_id: run.workflowId,
    version_id: run.versionId,
    version: run.version,
    trigger_key: run.triggerKey,
    partner_id: run.partnerId,
    causation_depth: run.causationDepth,
    order_seq: run.orderSeq,
    ...newState(run, state),
  }));
  const at = instantSql(r);
  const [inserted] = await Promise.all([
    queryRows<{ id: string }>(
      tx,
      sql`insert into ${schema.runs} (id, workflow_id, version_id, version, trigger_key,
            partner_id, causation_depth, order_seq, status, state, due_at, wait_event_type,
            attempts, error, updated_at, finished_at)
          select v.id, v.workflow_id, v.version_id, v.version, v.trigger_key, v.partner_id,
            v.causation_depth, v.order_seq, v.status, v.state, v.due_at, v.wait_event_type,
            v.attempts, v.error, ${at}, case when v.done then ${at} else null end
          from json_to_recordset(${JSON.stringify(rows)}::json) as v(id text, workflow_id text,
            version_id text, version integer, trigger_key text, partner_id text,
            causation_depth integer, order_seq bigint, status text, state jsonb,
            due_at timestamptz, wait_event_type text, attempts integer, error jsonb, done boolean)
          on conflict (version_id, trigger_key) do nothing
          returning id`,
    ),
    ...writeTraces(tx, outcomes, clock, outbox),
  ]);
  return new Set(inserted.map((row) => row.id));
}

/** The step traces, approvals and outbox rows of a group of runs: one statement each. */
function writeTraces(
  tx: Tx,
  outcomes: readonly Outcome[],
  clock: Date,
  outbox: readonly OutboxRow[],
): Promise<unknown>[] {
  const steps = outcomes.flatMap(({ run, traces }) =>
    traces.map((t) => ({
      runId: run.id,
      seq: t.step,
      nodeId: t.nodeId,
      trace: t,
      effects: t.effects,
      at: new Date(t.at),
    })),
  );
  const approvals = outcomes.flatMap(({ run, state }) => {
    const parked = state.status === "parked" ? state.parked : null;
    if (parked?.kind !== "approval") return [];
    return [
      {
        id: `${run.id}:${parked.nodeId}:${state.steps}`,
        runId: run.id,
        nodeId: parked.nodeId,
        workflowId: run.workflowId,
        partnerId: run.partnerId,
        title: parked.title,
        approverRole: parked.approverRole,
        dueAt: parked.until ? new Date(parked.until) : null,
        createdAt: clock,
      },
    ];
  });
  return [
    insertJsonRows(tx, schema.runSteps, steps, { onConflict: { do: "nothing" } }),
    ...(approvals.length > 0
      ? [tx.insert(schema.approvals).values(approvals).onConflictDoNothing()]
      : []),
    ...(outbox.length > 0
      ? [insertJsonRows(tx, schema.outbox, outbox, { onConflict: { do: "nothing" } })]
      : []),
  ];
}

/** A run's columns after executing to `state` (snake_case, as the JSON rows carry them). */
function newState(run: RunRow, state: RunState) {
  const parked = state.status === "parked" ? state.parked : null;
  const done = state.status === "completed" || state.status === "failed";
  return {
    status: state.status,
    state,
    due_at: parked?.until ?? null,
    wait_event_type: parked?.kind === "event" ? parked.eventType : null,
    attempts: done || parked ? 0 : run.attempts,
    // No error in the new state keeps the column (the last transient fault stays visible).
    error: state.error ?? null,
    done,
  };
}

/** The runs' new states: one UPDATE … FROM a JSON parameter of rows. */
async function updateRuns(r: RuntimeResources, tx: Tx, outcomes: readonly Outcome[]) {
  const rows = outcomes.map(({ run, state }) => ({ id: run.id, ...newState(run, state) }));
  const at = instantSql(r);
  await queryRows(
    tx,
    sql`update ${schema.runs} set status = v.status, state = v.state, due_at = v.due_at,
          wait_event_type = v.wait_event_type, lease_owner = null, lease_until = null,
          attempts = v.attempts, error = coalesce(v.error, ${schema.runs.error}), updated_at = ${at},
          finished_at = case when v.done then ${at} else null end
        from json_to_recordset(${JSON.stringify(rows)}::json) as v(id text, status text,
          state jsonb, due_at timestamptz, wait_event_type text, attempts integer, error jsonb,
          done boolean)
        where ${schema.runs.id} = v.id`,
  );
}

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
  await Promise.all([
    insertJsonRows(tx, schema.runSteps, steps, { onConflict: { do: "nothing" } }),
    approvals.length > 0
      ? tx.insert(schema.approvals).values(approvals).onConflictDoNothing()
      : null,
    outbox.length > 0
      ? insertJsonRows(tx, schema.outbox, outbox, { onConflict: { do: "nothing" } })
      : null,
    updateRuns(r, tx, outcomes),
  ]);
}

/** The runs' new states: one UPDATE … FROM a JSON parameter of rows. */
async function updateRuns(r: RuntimeResources, tx: Tx, outcomes: readonly Outcome[]) {
  const rows = outcomes.map(({ run, state }) => {
    const parked = state.status === "parked" ? state.parked : null;
    const done = state.status === "completed" || state.status === "failed";
    return {
      id: run.id,
      status: state.status,
      state,
      due_at: parked?.until ?? null,
      wait_event_type: parked?.kind === "event" ? parked.eventType : null,
      attempts: done || parked ? 0 : run.attempts,
      // No error in the new state keeps the column (the last transient fault stays visible).
      error: state.error ?? null,
      done,
    };
  });
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

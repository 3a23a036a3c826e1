import { and, eq, lte, sql } from "drizzle-orm";
import { schema, type Db } from "@partnerflow/db";
import type { ResumeSignal, RunState } from "@partnerflow/workflow";
import { notFound, RuntimeError } from "../errors.ts";
import { nowSql, type RuntimeResources } from "../resources.ts";
import { resumeRun } from "../workflow-port.ts";

/**
 * Wakes parked runs whose due time has passed by the database (or injected) clock: a timer
 * continues, a wait for an event or an approval takes its timeout branch.
 */
export async function wakeDue(r: RuntimeResources, limit = 200): Promise<number> {
  return r.database.db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(schema.runs)
      .where(and(eq(schema.runs.status, "parked"), lte(schema.runs.dueAt, nowSql(r))))
      .limit(limit)
      .for("update", { skipLocked: true });
    for (const run of due) {
      const state = run.state as unknown as RunState;
      const signal: ResumeSignal =
        state.parked?.kind === "timer" ? { kind: "timer" } : { kind: "timeout" };
      if (state.parked?.kind === "approval") {
        await tx
          .update(schema.approvals)
          .set({ status: "timed_out", decidedAt: nowSql(r) })
          .where(and(eq(schema.approvals.runId, run.id), eq(schema.approvals.status, "pending")));
      }
      await requeue(tx, r, run.id, resumeRun(state, signal));
    }
    return due.length;
  });
}

async function requeue(
  tx: Parameters<Parameters<Db["transaction"]>[0]>[0],
  r: Pick<RuntimeResources, "clock">,
  runId: string,
  state: RunState,
): Promise<void> {
  await tx
    .update(schema.runs)
    .set({
      status: state.status === "failed" ? "failed" : "queued",
      state: state,
      error: state.error,
      dueAt: null,
      waitEventType: null,
      updatedAt: nowSql(r),
    })
    .where(eq(schema.runs.id, runId));
}

/** Approves or rejects a pending approval and resumes its run on the matching branch. */
export async function decideApproval(
  r: Pick<RuntimeResources, "database" | "clock">,
  input: {
    id: string;
    decision: "approve" | "reject";
    comment?: string | undefined;
    by?: string | undefined;
  },
): Promise<void> {
  await r.database.db.transaction(async (tx) => {
    const [a] = await tx
      .select()
      .from(schema.approvals)
      .where(eq(schema.approvals.id, input.id))
      .for("update");
    if (!a) throw notFound("approval", input.id);
    if (a.status !== "pending") {
      throw new RuntimeError("CONFLICT", `This approval was already decided (${a.status}).`);
    }
    const decision = input.decision === "approve" ? "approved" : "rejected";
    await tx
      .update(schema.approvals)
      .set({
        status: decision,
        decidedBy: input.by ?? null,
        comment: input.comment ?? null,
        decidedAt: nowSql(r),
      })
      .where(eq(schema.approvals.id, a.id));
    const [run] = await tx
      .select()
      .from(schema.runs)
      .where(eq(schema.runs.id, a.runId))
      .for("update");
    if (run?.status !== "parked") return;
    const next = resumeRun(run.state as unknown as RunState, {
      kind: "approval",
      decision,
      ...(input.by ? { by: input.by } : {}),
      ...(input.comment ? { reason: input.comment.slice(0, 500) } : {}),
    });
    await requeue(tx, r, run.id, next);
  });
}

/** Puts a failed or dead run back in the queue from its last committed state. */
export async function retryRun(
  r: Pick<RuntimeResources, "database" | "clock">,
  id: string,
): Promise<void> {
  const [run] = await r.database.db.select().from(schema.runs).where(eq(schema.runs.id, id));
  if (!run) throw notFound("run", id);
  if (run.status !== "failed" && run.status !== "dead") {
    throw new RuntimeError(
      "BAD_REQUEST",
      `only failed or dead runs can be retried (this one is ${run.status})`,
    );
  }
  const state = run.state as unknown as RunState;
  // A failed node runs again; a dead run never advanced past its last committed state.
  const next: RunState =
    state.status === "failed" ? { ...state, status: "running", error: null } : state;
  await r.database.db
    .update(schema.runs)
    .set({
      status: "queued",
      state: next,
      error: null,
      attempts: 0,
      dueAt: null,
      finishedAt: null,
      updatedAt: sql`now()`,
    })
    .where(eq(schema.runs.id, id));
}

/** Cancels a queued or parked run (a running one is cancelled when its worker next looks). */
export async function cancelRun(r: Pick<RuntimeResources, "database">, id: string): Promise<void> {
  await r.database.db.transaction(async (tx) => {
    const [run] = await tx.select().from(schema.runs).where(eq(schema.runs.id, id)).for("update");
    if (!run) throw notFound("run", id);
    if (["completed", "failed", "cancelled"].includes(run.status)) {
      throw new RuntimeError("BAD_REQUEST", `the run already ended (${run.status})`);
    }
    await tx
      .update(schema.runs)
      .set({
        status: "cancelled",
        leaseOwner: null,
        dueAt: null,
        waitEventType: null,
        finishedAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(eq(schema.runs.id, id));
    await tx
      .update(schema.approvals)
      .set({ status: "cancelled" })
      .where(and(eq(schema.approvals.runId, id), eq(schema.approvals.status, "pending")));
  });
}

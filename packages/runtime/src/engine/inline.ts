import { and, inArray, isNotNull, type SQL } from "drizzle-orm";
import { schema, type Tx } from "@partnerflow/db";
import { settleAll } from "@partnerflow/service";
import type { RunState } from "@partnerflow/workflow";
import { LiveHost } from "../host/live-host.ts";
import { BatchGate } from "../host/tx-gate.ts";
import type { RuntimeResources } from "../resources.ts";
import { interpretInTx, recordedBy, type ExecResources, type RecordedEvents } from "./execute.ts";
import { insertFinishedRuns, type Outcome, type RunRow } from "./finish.ts";

/**
 * Inline execution: the dispatcher executes the runs it has just started in its own
 * transaction, instead of committing them as queued for a worker to claim in a second and
 * execute in a third. At low load this is most of a run's latency (two commits, the claim,
 * the lock, and the wait for the worker's next pass). Only runs that may go first are taken
 * (see `pickInline`); the rest are queued as usual. If anything in the inline part faults,
 * the dispatcher's whole transaction rolls back and the pass is done again without inline
 * runs, so a fault is always handled — and pinned on its run — by the claimed path.
 */

/** A fault of an inline run: the pass is rolled back and repeated with every run queued. */
export class InlineFault extends Error {
  override readonly name = "InlineFault";
  constructor(readonly fault: unknown) {
    super(fault instanceof Error ? fault.message : String(fault), { cause: fault });
  }
}

/** The ordering key of a run: runs of one workflow for one partner go in event order. */
export const orderKey = (workflowId: string, partnerId: string): string =>
  `${workflowId}\u0000${partnerId}`;

/**
 * (workflow, partner) pairs that already have a run waiting to execute, executing or parked,
 * among the partners `partnerIds` selects: a new run of such a pair waits its turn in the
 * queue. Parked runs count too (the claim lets later runs pass them): one may be resumed — by
 * its timer, a decision, an event — while this transaction runs, and the claim, which cannot
 * see an uncommitted inline run, would then execute the two side by side.
 */
export async function busyPairs(tx: Tx, partnerIds: SQL): Promise<Set<string>> {
  const rows = await tx
    .selectDistinct({ workflowId: schema.runs.workflowId, partnerId: schema.runs.partnerId })
    .from(schema.runs)
    .where(
      and(
        inArray(schema.runs.status, ["queued", "running", "parked"]),
        isNotNull(schema.runs.partnerId),
        inArray(schema.runs.partnerId, partnerIds),
      ),
    );
  return new Set(rows.map((row) => orderKey(row.workflowId, row.partnerId!)));
}

/** What `pickInline` needs of a new run. */
export interface Candidate {
  id: string;
  workflowId: string;
  partnerId?: string | null;
  status?: string;
}

/**
 * The new runs (in event order) that may execute inline: queued ones, at most `max`, and of
 * each (workflow, partner) only the first, and only when no earlier run of that pair is still
 * queued or running (`busy`). Runs without a partner have no order to keep, as in the claim.
 */
export function pickInline(
  runs: readonly Candidate[],
  busy: ReadonlySet<string>,
  max: number,
): Set<string> {
  const picked = new Set<string>();
  const seen = new Set<string>();
  for (const run of runs) {
    if (picked.size >= max) break;
    if (run.status !== "queued") continue;
    if (run.partnerId) {
      const key = orderKey(run.workflowId, run.partnerId);
      if (seen.has(key)) continue;
      seen.add(key);
      if (busy.has(key)) continue;
    }
    picked.add(run.id);
  }
  return picked;
}

/** The lease columns of an inline run: held by this worker while its transaction runs. */
export function inlineLease(r: RuntimeResources, clock: Date) {
  return {
    status: "running",
    leaseOwner: r.workerId,
    leaseUntil: new Date(clock.getTime() + r.limits.leaseMs),
    attempts: 1,
  } as const;
}

/** What the dispatcher knows of a run it starts (its row's first columns). */
export interface StartedRun {
  id: string;
  workflowId: string;
  versionId: string;
  version: number;
  triggerKey: string;
  partnerId: string | null;
  state: RunState;
  causationDepth: number;
  orderSeq: number;
}

/** The row of a run the dispatcher executes inline (not written yet), as `interpretInTx` reads it. */
export function insertedRow(run: StartedRun, r: RuntimeResources, clock: Date): RunRow {
  return {
    ...run,
    ...inlineLease(r, clock),
    state: run.state,
    dueAt: null,
    waitEventType: null,
    error: null,
    createdAt: clock,
    updatedAt: clock,
    finishedAt: null,
  };
}

/** The runs of a dispatch pass executed inline, and how to write what they did. */
export interface Inline {
  /** Ids of the runs executed. */
  runs: Set<string>;
  recorded: RecordedEvents;
  /** Writes the runs in their new state with their steps and outbox rows (one round). */
  write(): Promise<void>;
}

/**
 * Executes the `picked` runs of `started` in this transaction before they are written. Their
 * partners are read first (pipelined with the runs' first statements). A fault, or a run
 * that turns out to exist already (same version and trigger key: it has had its turn, and
 * the effects just written are not its), is an InlineFault: the pass is rolled back and done
 * again with every run queued.
 */
export async function executeInline(
  r: ExecResources,
  tx: Tx,
  started: readonly StartedRun[],
  picked: ReadonlySet<string>,
  at: { clock: Date; pid: number | null },
): Promise<Inline> {
  const mine = started.filter((x) => picked.has(x.id));
  const gate = new BatchGate(tx);
  LiveHost.prefetchPartners(
    gate,
    mine.flatMap((x) => (x.partnerId ? [x.partnerId] : [])),
  );
  const runs = mine.map((x) => insertedRow(x, r, at.clock));
  let outcomes: Outcome[];
  try {
    outcomes = await interpretInTx(r, tx, runs, at.clock, at.pid, gate);
  } catch (err) {
    throw new InlineFault(err);
  }
  return {
    runs: new Set(runs.map((run) => run.id)),
    recorded: recordedBy(gate),
    write: async () => {
      // The effects' writes still in flight first: a failure there is the one to report.
      const writes = gate.takeWrites();
      const finished = insertFinishedRuns(r, tx, outcomes, at.clock, gate.takeOutbox());
      await settleAll<unknown>([...writes, finished]);
      const inserted = await finished;
      const existed = runs.find((run) => !inserted.has(run.id));
      if (existed) {
        throw new Error(
          `run ${existed.id} exists already (version ${existed.versionId}, trigger key ${existed.triggerKey})`,
        );
      }
    },
  };
}

import { and, eq, sql } from "drizzle-orm";
import { insertJsonRows, schema, queryRows, type Tx } from "@partnerflow/db";
import type { WorkflowHost, TriggerInput, RunState } from "@partnerflow/workflow";
import { DbReads } from "../host/read-host.ts";
import { DryRunHost } from "../host/dry-run-host.ts";
import { LiveHost } from "../host/live-host.ts";
import { newId } from "../ids.ts";
import { nowSql, type RuntimeResources } from "../resources.ts";
import {
  matchEvent,
  matchRecordChange,
  matchThreshold,
  resumeRun,
  startRun,
  thresholdMetric,
} from "../workflow-port.ts";
import { CURSOR, readRound, type Round } from "./dispatch-read.ts";
import type { ExecResources } from "./execute.ts";
import { executeInline, InlineFault, orderKey, pickInline, type StartedRun } from "./inline.ts";
import { allBoring, learnInterest } from "./interest.ts";
import { causationChain, loopLimitError } from "./loop-limit.ts";
import { loadVersion, type LoadedVersion } from "./versions.ts";
import { RUNTIME_CHANNEL } from "./waker.ts";

type EventRow = typeof schema.events.$inferSelect;

/** Per-process memory of a gap in the event sequence (see `safePrefix`). */
interface Gap {
  seq: number;
  xmax: string;
}
let pendingGap: Gap | null = null;

/**
 * One dispatch pass: reads events after the cursor and, in ONE transaction with the cursor
 * advance, starts the runs of active versions whose trigger matches and resumes runs waiting
 * for those events. Runs are inserted with ON CONFLICT DO NOTHING on (version, trigger key),
 * so a redelivered event (or a pass repeated after a crash) never starts a second run.
 * With `inlineRuns` > 0 (and `inline` not false) the runs that may go first are executed in
 * this same transaction (see inline.ts); if one faults, the pass is repeated without them.
 * Answers how many events it handled.
 */
export async function dispatchOnce(
  r: ExecResources,
  opts: { inline?: boolean } = {},
): Promise<number> {
  return (await dispatch(r, opts)).events;
}

/** What a dispatch pass did. */
export interface Dispatched {
  /** Events handled (the cursor moved over them). */
  events: number;
  /** Runs left queued for the workers to claim (new ones and resumed ones). */
  queued: number;
  /** Runs executed inline. */
  executed: number;
  /** The cursor was held by another dispatcher: this pass read nothing. */
  contended?: boolean;
}

/** `dispatchOnce`, answering what the pass did. */
export async function dispatch(
  r: ExecResources,
  opts: { inline?: boolean } = {},
): Promise<Dispatched> {
  const inline = opts.inline !== false && r.limits.inlineRuns > 0;
  if (!inline) return dispatchPass(r, false);
  try {
    return await dispatchPass(r, true);
  } catch (err) {
    if (!(err instanceof InlineFault)) throw err;
    r.logger.info("inline execution rolled back; the pass is repeated with its runs queued", {
      error: err.message,
    });
    return dispatchPass(r, false);
  }
}

const NOTHING: Dispatched = { events: 0, queued: 0, executed: 0 };

async function dispatchPass(r: ExecResources, inline: boolean): Promise<Dispatched> {
  return r.database.db.transaction(async (tx) => {
    let round = await readRound(r, tx, inline);
    if (!round.cursor) {
      // Held by another dispatcher (nothing to do now), or missing: the first pass ever,
      // which creates it and reads again (no events can be read after a missing cursor).
      if (round.batch.length > 0) return { ...NOTHING, contended: true };
      const created = await tx
        .insert(schema.runtimeCursors)
        .values({ name: CURSOR, seq: 0 })
        .onConflictDoNothing()
        .returning({ name: schema.runtimeCursors.name });
      if (created.length === 0) return { ...NOTHING, contended: true };
      round = await readRound(r, tx, inline);
      if (!round.cursor) return NOTHING;
    }
    const { last: _, ...done } = await dispatchRound(r, tx, round, round.cursor.seq);
    return done;
  });
}

/** The batch of events read after the cursor: its runs started (some inline), the cursor moved. */
async function dispatchRound(
  r: ExecResources,
  tx: Tx,
  round: Round,
  from: number,
): Promise<Dispatched & { last: number }> {
  const { batch, triggers, waiting, busy, at } = round;
  if (batch.length === 0) return { ...NOTHING, last: from };
  const events = await safePrefix(r, tx, from, batch);
  if (events.length === 0) return { ...NOTHING, last: from };
  const waitedFor = new Set(waiting.map((w) => w.type));
  const triggered = new Set(triggers.map((t) => t.eventType));
  learnInterest(
    r.database,
    new Set(events.map((e) => e.type)),
    (type) => triggered.has("*") || triggered.has(type) || waitedFor.has(type),
  );
  // New runs are written as multi-row INSERTs at the end (one round trip per 2,000 runs).
  const newRuns: NewRun[] = [];
  let resumed = 0;
  for (const e of events) {
    for (const t of triggers) {
      if (e.seq <= t.activeFromSeq) continue;
      if (t.eventType !== "*" && t.eventType !== e.type) continue;
      const v = await loadVersion(tx, t.versionId);
      const trigger = await matchTrigger(tx, r, t.kind, v, e);
      if (trigger) newRuns.push(await newRun(tx, r, v, trigger, e));
    }
    if (waitedFor.has(e.type)) {
      for (const key of await resumeWaiting(tx, r, e)) {
        busy.add(key);
        resumed++;
      }
    }
  }
  // Runs refused at the depth limit carry an SQL instant: they go through drizzle.
  const onTrigger = [schema.runs.versionId, schema.runs.triggerKey];
  const refused = newRuns.filter((x) => x.status === "failed");
  if (refused.length > 0) {
    await tx
      .insert(schema.runs)
      .values(refused.map((x) => ({ ...x, finishedAt: nowSql(r) })))
      .onConflictDoNothing({ target: onTrigger });
  }
  const started = newRuns.filter((x) => x.status === "queued");
  // Inline only a pass of few runs (low load, where the hand-over is most of the latency);
  // a big batch goes to the claimed path, whose parallel groups give more throughput.
  const picked =
    at && started.length <= r.limits.inlineRuns
      ? pickInline(started, busy, r.limits.inlineRuns)
      : new Set<string>();
  // The inline runs execute BEFORE anything of the pass is written: their rows, steps and
  // outbox rows then go out with the queued runs and the cursor in one round (see
  // executeInline), and a run is written once, in its new state.
  const inline = at && picked.size > 0 ? await executeInline(r, tx, started, picked, at) : null;
  const queued = started
    .filter((x) => !inline?.runs.has(x.id))
    .map((x) => ({ ...x, leaseOwner: null, leaseUntil: null, attempts: 0 }));
  const writes: Promise<unknown>[] = [];
  for (let i = 0; i < queued.length; i += 2_000) {
    writes.push(
      insertJsonRows(tx, schema.runs, queued.slice(i, i + 2_000), {
        onConflict: { do: "nothing", target: onTrigger },
      }),
    );
  }
  // The cursor moves with the runs (pipelined; the transaction commits both or neither).
  const last = events[events.length - 1]!.seq;
  writes.push(
    tx
      .update(schema.runtimeCursors)
      .set({ seq: last, updatedAt: sql`now()` })
      .where(eq(schema.runtimeCursors.name, CURSOR)),
  );
  if (inline && at) {
    const written = inline.write();
    writes.push(written);
    await Promise.all(writes).catch((err: unknown) => {
      throw new InlineFault(err);
    });
    // The transaction kept quiet about the events its runs recorded (see interest.ts): when
    // some may start something, it notifies after all.
    const recorded = inline.recorded;
    if (
      at.quiet &&
      recorded.types.size > 0 &&
      (recorded.derived || !allBoring(r.database, recorded.types))
    ) {
      await queryRows(tx, sql`select pg_notify(${RUNTIME_CHANNEL}, 'events') as notified`);
    }
  } else {
    await Promise.all(writes);
  }
  const executed = inline?.runs.size ?? 0;
  return {
    events: events.length,
    queued: resumed + started.length - executed,
    executed,
    last,
  };
}

/**
 * The events that are safe to pass the cursor over. On PostgreSQL a sequence value can
 * commit after a higher one: a gap may be an event still in flight. We stop at a gap until
 * every transaction that was running when we first saw it has ended (its snapshot xmax is
 * below the oldest running transaction): after that the gap is a rolled-back insert, never
 * an event. PGlite has one connection, so nothing is ever in flight while we read.
 */
async function safePrefix(
  r: RuntimeResources,
  tx: Tx,
  from: number,
  batch: EventRow[],
): Promise<EventRow[]> {
  if (r.database.kind === "pglite") return batch;
  let expected = from + 1;
  for (let i = 0; i < batch.length; i++) {
    const e = batch[i]!;
    if (e.seq !== expected && from !== 0) {
      if (pendingGap && pendingGap.seq === expected) {
        const [row] = await queryRows<{ done: boolean }>(
          tx,
          sql`select pg_snapshot_xmin(pg_current_snapshot())::text::bigint >= ${pendingGap.xmax}::bigint as done`,
        );
        if (row?.done) {
          pendingGap = null;
          expected = e.seq + 1;
          continue;
        }
        return batch.slice(0, i);
      }
      const [snap] = await queryRows<{ xmax: string }>(
        tx,
        sql`select pg_snapshot_xmax(pg_current_snapshot())::text as xmax`,
      );
      pendingGap = { seq: expected, xmax: String(snap?.xmax ?? "0") };
      return batch.slice(0, i);
    }
    expected = e.seq + 1;
  }
  return batch;
}

async function matchTrigger(
  tx: Tx,
  r: RuntimeResources,
  kind: string,
  v: LoadedVersion,
  e: EventRow,
): Promise<TriggerInput | null> {
  const reads = new DryRunHost(tx, e.occurredAt);
  switch (kind) {
    case "event":
      return matchEvent(v.ir, { ...e, payload: e.payload }, reads);
    case "record_change": {
      if (!e.partnerId) return null;
      const before = beforeHost(tx, e);
      return matchRecordChange(
        v.ir,
        { partnerId: e.partnerId, at: e.occurredAt, seq: e.seq },
        before,
        reads,
      );
    }
    case "threshold": {
      if (!e.partnerId) return null;
      const m = thresholdMetric(v.ir);
      if (!m || !relevant(m.ref.metric, e.type)) return null;
      const value = await reads.metric(e.partnerId, m.ref, e.occurredAt);
      const node = v.ir.nodes[v.ir.trigger]!;
      // Once-per-period claims are written in this transaction with the run they start.
      const live = new LiveHost(
        tx,
        { id: `dispatch:${e.seq}`, workflowId: v.workflowId, causationDepth: 0 },
        e.occurredAt,
      );
      const claimHost: WorkflowHost = Object.assign(Object.create(reads) as WorkflowHost, {
        claimOnce: (key: string) => live.claimOnce(`${v.workflowId}:${key}`),
      });
      return matchThreshold(node, { partnerId: e.partnerId, value, at: e.occurredAt }, claimHost);
    }
    default:
      void r;
      return null;
  }
}

/** Which event types can move a metric: avoids a metric query per event per threshold. */
function relevant(metric: string, eventType: string): boolean {
  const prefix = metric.split("_")[0]!;
  const map: Record<string, string[]> = {
    sales: ["sale."],
    deals: ["deal."],
    certifications: ["certification."],
    trainings: ["training."],
    csat: ["csat."],
    open: ["lead."],
  };
  return (map[prefix] ?? [""]).some((p) => eventType.startsWith(p));
}

/**
 * The partner as it was just before the event: metrics as of 1 ms earlier and the fields the
 * event changed reverted to their `from` values.
 */
function beforeHost(tx: Tx, e: EventRow): WorkflowHost {
  const reads = new DryRunHost(tx, new Date(e.occurredAt.getTime() - 1));
  const base = new DbReads(tx);
  const p = e.payload;
  return Object.assign(Object.create(reads) as WorkflowHost, {
    metric: (id: string, ref: Parameters<DbReads["metric"]>[1]) =>
      base.metric(id, ref, new Date(e.occurredAt.getTime() - 1)),
    partner: async (id: string) => {
      const now = await base.partner(id);
      if (!now || id !== e.partnerId) return now;
      switch (e.type) {
        case "partner.created":
          return null;
        case "partner.tier_changed":
          return p["from"] ? { ...now, tier: p["from"] as typeof now.tier } : now;
        case "partner.status_changed":
          return p["from"] ? { ...now, status: p["from"] as typeof now.status } : now;
        case "partner.compliance_changed":
          return { ...now, compliant: p["compliant"] !== true };
        default:
          return now;
      }
    },
  });
}

/** A run the dispatcher starts: queued, or failed at the depth limit. */
interface NewRun extends StartedRun {
  status: "queued" | "failed";
  error: Record<string, unknown> | null;
}

async function newRun(
  tx: Tx,
  r: RuntimeResources,
  v: LoadedVersion,
  trigger: TriggerInput,
  e: { seq: number; causationDepth: number; causationRunId: string | null },
): Promise<NewRun> {
  const id = newId("run");
  const tooDeep = e.causationDepth >= r.limits.maxCausationDepth;
  const state: RunState = startRun(v.ir, trigger, { runId: id, workflowHash: v.hash });
  const error = tooDeep
    ? loopLimitError(
        e.causationDepth + 1,
        r.limits.maxCausationDepth,
        await causationChain(tx, e.causationRunId),
        v.workflowId,
      )
    : null;
  return {
    id,
    workflowId: v.workflowId,
    versionId: v.id,
    version: v.version,
    triggerKey: trigger.key,
    partnerId: trigger.partnerId,
    status: tooDeep ? "failed" : "queued",
    state: tooDeep ? { ...state, status: "failed" } : state,
    causationDepth: e.causationDepth,
    orderSeq: e.seq,
    error,
  };
}

/**
 * Resumes runs parked on "wait for event" that this event satisfies. Answers the ordering
 * keys of the runs it put back in the queue.
 */
async function resumeWaiting(tx: Tx, r: RuntimeResources, e: EventRow): Promise<string[]> {
  const resumed: string[] = [];
  const waiting = await tx
    .select()
    .from(schema.runs)
    .where(and(eq(schema.runs.waitEventType, e.type), eq(schema.runs.status, "parked")))
    .for("update", { skipLocked: true });
  for (const run of waiting) {
    const state = run.state as unknown as RunState;
    const parked = state.parked;
    if (parked?.kind !== "event") continue;
    if (parked.partnerId !== null && parked.partnerId !== e.partnerId) continue;
    if (e.recordedAt.getTime() < run.updatedAt.getTime()) continue;
    const next = resumeRun(state, { kind: "event", event: { type: e.type, payload: e.payload } });
    await tx
      .update(schema.runs)
      .set({
        status: "queued",
        state: next,
        dueAt: null,
        waitEventType: null,
        updatedAt: nowSql(r),
      })
      .where(eq(schema.runs.id, run.id));
    if (run.partnerId) resumed.push(orderKey(run.workflowId, run.partnerId));
  }
  return resumed;
}

import { and, asc, eq, gt, inArray, or, sql } from "drizzle-orm";
import { schema, type Tx } from "@partnerflow/db";
import type { RuntimeResources } from "../resources.ts";
import { txClock } from "./execute.ts";
import { busyPairs } from "./inline.ts";

/** The dispatcher's cursor row (its position in the event log). */
export const CURSOR = "dispatch";

/** What one dispatch round reads: the batch of events after the cursor and what it needs. */
export interface Round {
  /** The cursor, locked by this transaction; undefined when another dispatcher holds it. */
  cursor: { seq: number } | undefined;
  batch: (typeof schema.events.$inferSelect)[];
  triggers: (typeof schema.workflowTriggers.$inferSelect)[];
  waiting: { type: string | null }[];
  busy: Set<string>;
  /**
   * The clock (and pid) inline runs execute with, and whether the transaction keeps quiet
   * about the events they record (see interest.ts); null without inline execution.
   */
  at: { clock: Date; pid: number | null; quiet: boolean } | null;
}

/**
 * Reads a round in ONE round trip (pipelined statements, run in order on the connection):
 * the cursor's row lock (`FOR UPDATE SKIP LOCKED`: the lock serializes dispatchers across
 * processes, and a worker that finds it taken skips dispatch instead of queueing behind it),
 * the events after the cursor, and — with subqueries over the same slice of the log — the
 * triggers of its event types, the types parked runs wait for, the (workflow, partner) pairs
 * with runs in line (inline runs wait behind them) and the clock. Read after the events, the
 * subqueries cover at least the events read; a batch cut at a gap only uses part of them.
 */
export async function readRound(r: RuntimeResources, tx: Tx, inline: boolean): Promise<Round> {
  const cursorSeq = sql`(select ${schema.runtimeCursors.seq} from ${schema.runtimeCursors} where ${schema.runtimeCursors.name} = ${CURSOR})`;
  const slice = sql`(select ${schema.events.type} as type, ${schema.events.partnerId} as partner_id
      from ${schema.events} where ${schema.events.seq} > ${cursorSeq}
      order by ${schema.events.seq} limit ${r.limits.dispatchBatch})`;
  const [[cursor], batch, triggers, waiting, busy, at] = await Promise.all([
    tx
      .select({ seq: schema.runtimeCursors.seq })
      .from(schema.runtimeCursors)
      .where(eq(schema.runtimeCursors.name, CURSOR))
      .for("update", { skipLocked: true }),
    tx
      .select()
      .from(schema.events)
      .where(gt(schema.events.seq, cursorSeq))
      .orderBy(asc(schema.events.seq))
      .limit(r.limits.dispatchBatch),
    tx
      .select()
      .from(schema.workflowTriggers)
      .where(
        or(
          eq(schema.workflowTriggers.eventType, "*"),
          inArray(schema.workflowTriggers.eventType, sql`(select b.type from ${slice} b)`),
        ),
      ),
    tx
      .selectDistinct({ type: schema.runs.waitEventType })
      .from(schema.runs)
      .where(
        and(
          eq(schema.runs.status, "parked"),
          inArray(schema.runs.waitEventType, sql`(select b.type from ${slice} b)`),
        ),
      ),
    inline ? busyPairs(tx, sql`(select b.partner_id from ${slice} b)`) : new Set<string>(),
    inline ? txClock(r, tx, { quiet: true }) : null,
  ]);
  return { cursor, batch, triggers, waiting, busy, at };
}

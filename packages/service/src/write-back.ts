import { isoInstant } from "@partnerflow/domain";
import { queryRows, rowsFromJson, schema, type Tx } from "@partnerflow/db";
import { getTableName, sql } from "drizzle-orm";
import { CopyBuffer } from "./copy-buffer.ts";
import { copyConnection, copyInto, copyJson, copyString } from "./copy.ts";
import { ConcurrentDuplicateError } from "./errors.ts";
import type { PendingEvent } from "./projectors/index.ts";
import { chunks, settleAll, type WorkingSet } from "./working-set.ts";

/**
 * Below this many log rows the log is written by one pipelined JSON statement: a COPY costs
 * two round trips of its own (and the seqs a third), which only pays off for bulk (a single
 * event or a workflow run's few effects would wait for 4 round trips instead of 1).
 */
export const COPY_MIN_ROWS = 50;

/** Whether writeBatch writes a log of `rows` events by COPY (PostgreSQL, 50 rows or more). */
export function usesCopy(tx: Tx, rows: number): boolean {
  return rows >= COPY_MIN_ROWS && copyConnection(tx) !== null;
}

/**
 * Writes one batch: the log rows and every change of the working set, in the caller's
 * transaction (both or neither). Answers each log row's seq, in log order; seqs are drawn in
 * log order. A key another transaction committed after our lookup violates the unique
 * idempotency index (23505): the transaction rolls back rather than project it twice, and
 * recordEvents retries (the retry answers it as a duplicate).
 *
 * The projection rows are one multi-row JSON statement per table, all issued at once
 * (pipelined). On PostgreSQL a bulk log goes in by COPY (see copy.ts): its seqs are drawn by
 * the first statement, the COPY statement is the last one sent, and its rows are written
 * once the seqs are back (the connection is in COPY mode while it runs, so nothing else may
 * be issued meanwhile). Only
 * the log: COPYing the projection tables too saved little PostgreSQL CPU (their rows carry
 * no big JSON payload) and cost two round trips per table, which under load cut batch
 * throughput by more than half.
 */
export async function writeBatch(
  tx: Tx,
  log: readonly PendingEvent[],
  ws: WorkingSet,
): Promise<number[]> {
  const conn = copyConnection(tx);
  if (!conn || log.length < COPY_MIN_ROWS) {
    const [seqs] = await settleAll<unknown>([appendEvents(tx, log), ws.flush(tx)]);
    return seqs as number[];
  }
  const drawn = drawSeqs(tx, log.length);
  const flushed = ws.flush(tx);
  // The COPY statement goes out right behind the others (pipelined, no round trip of its
  // own), but only once they have all been handed to the driver: drizzle sends a statement
  // a few microtasks after the call, and one sent after the COPY's would reach the server
  // while the connection is in COPY mode. setImmediate runs after every pending microtask.
  const copied = new Promise<void>((resolve, reject) => {
    setImmediate(() => {
      const text = drawn.then((seqs) => logText(log, seqs));
      copyInto(conn, schema.events, LOG_COLUMNS, text).then(resolve, reject);
    });
  });
  await settleAll<unknown>([drawn, flushed, copied]);
  return drawn;
}

const LOG_COLUMNS = sql.join(
  [
    "seq",
    "type",
    "partner_id",
    "occurred_at",
    "payload",
    "idempotency_key",
    "causation_run_id",
    "causation_depth",
  ].map((c) => sql.identifier(c)),
  sql`, `,
);

/**
 * `n` values of the log's sequence, ascending. Taking a transaction id first (if the batch
 * locked no partner it has none yet) keeps the runtime's gap rule sound: a seq is only ever
 * drawn by a transaction that is already running with an id, so "every transaction running
 * when the gap was seen has ended" still means the gap is for good.
 */
async function drawSeqs(tx: Tx, n: number): Promise<number[]> {
  if (n === 0) return [];
  const rows = await queryRows<{ seq: string | number }>(
    tx,
    sql`select nextval(s) as seq
      from pg_get_serial_sequence(${getTableName(schema.events)}, 'seq') as s, generate_series(1, ${n}::int)
      where pg_current_xact_id() is not null`,
  );
  const seqs = rows.map((r) => Number(r.seq));
  return seqs.sort((a, b) => a - b);
}

/** The log rows in COPY text format (type names and causation depths need no escaping). */
function logText(log: readonly PendingEvent[], seqs: readonly number[]): Buffer {
  const out = new CopyBuffer(log.length * 256);
  for (let i = 0; i < log.length; i++) {
    const e = log[i]!;
    out.put(
      `${seqs[i]}\t${e.type}\t${e.partnerId === null ? "\\N" : copyString(e.partnerId)}\t${isoInstant(e.occurredAt.getTime())}\t${copyJson(e.payload)}\t${copyString(e.idempotencyKey)}\t${e.causationRunId === null ? "\\N" : copyString(e.causationRunId)}\t${e.causationDepth}\n`,
    );
  }
  return out.take();
}

/**
 * PGlite: one INSERT per chunk, rows bound as one JSON parameter; seqs are drawn in input
 * order. A plain INSERT costs less than ON CONFLICT DO NOTHING, whose speculative insertion
 * runs for every row.
 */
async function appendEvents(tx: Tx, log: readonly PendingEvent[]): Promise<number[]> {
  const seqByKey = new Map<string, number>();
  const e = schema.events;
  for (const chunk of chunks(log, 10_000)) {
    const json = JSON.stringify(
      chunk.map((p) => ({
        type: p.type,
        partner_id: p.partnerId,
        occurred_at: p.occurredAt,
        payload: p.payload,
        idempotency_key: p.idempotencyKey,
        causation_run_id: p.causationRunId,
        causation_depth: p.causationDepth,
      })),
    );
    const rows = await queryRows<{ seq: number | string; key: string }>(
      tx,
      sql`insert into ${e} (type, partner_id, occurred_at, payload, idempotency_key, causation_run_id, causation_depth)
        select r.type, r.partner_id, r.occurred_at, r.payload, r.idempotency_key, r.causation_run_id, r.causation_depth
        from ${rowsFromJson(e, json)} order by r.ordinality
        returning seq, idempotency_key as key`,
    );
    for (const r of rows) seqByKey.set(r.key, Number(r.seq));
    if (rows.length !== chunk.length) {
      const lost = chunk.find((p) => !seqByKey.has(p.idempotencyKey))!;
      throw new ConcurrentDuplicateError(lost.idempotencyKey);
    }
  }
  return log.map((p) => seqByKey.get(p.idempotencyKey)!);
}

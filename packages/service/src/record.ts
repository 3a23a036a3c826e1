import type { EventInput } from "@partnerflow/domain";
import type { Db, Tx } from "@partnerflow/db";
import type { RecordOptions, RecordResult } from "./types.ts";

/**
 * Records one event in the caller's transaction: idempotency, domain checks, the projection
 * and the log row, all or nothing. Throws DomainError for refused input.
 */
export async function recordEvent(
  tx: Tx,
  input: EventInput,
  opts: RecordOptions = {},
): Promise<RecordResult> {
  const [result] = await recordEventsInTx(tx, [input], opts);
  if (!result) throw new Error("recordEvent: no result");
  return result;
}

/** Records many events in one transaction, all or nothing; results in input order. */
export async function recordEvents(
  db: Db,
  inputs: readonly EventInput[],
  opts: RecordOptions = {},
): Promise<RecordResult[]> {
  return db.transaction((tx) => recordEventsInTx(tx, inputs, opts));
}

/** recordEvents inside a transaction you already hold. */
export function recordEventsInTx(
  _tx: Tx,
  _inputs: readonly EventInput[],
  _opts: RecordOptions,
): Promise<RecordResult[]> {
  return Promise.reject(new Error("not implemented yet"));
}

import {
  EVENT_TYPES,
  utcDay,
  type CurrencyCode,
  type EventInput,
  type EventType,
  type RateBook,
} from "@partnerflow/domain";
import { schema, type Db, type Tx } from "@partnerflow/db";
import { anyOf } from "./bulk.ts";
import { ConcurrentDuplicateError, DomainError } from "./errors.ts";
import { yieldToEventLoop } from "./event-loop.ts";
import { loadRateBookFor } from "./exchange-rates.ts";
import { PROJECTORS, type PendingEvent, type ProjectContext } from "./projectors/index.ts";
import type { RecordOptions, RecordResult } from "./types.ts";
import { usesCopy, writeBatch } from "./write-back.ts";
import {
  chunks,
  loadWorkingSet,
  lockPartners,
  settleAll,
  Wanted,
  type PartnerRow,
  type WorkingSet,
} from "./working-set.ts";

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

/**
 * Records many events in one transaction, all or nothing; results in input order. A
 * DomainError carries `index`, the position of the refused input. A race with a concurrent
 * writer (the same idempotency key or a new entity id committed meanwhile) rolls back and
 * retries, up to 3 attempts: the retry sees the committed row and answers a duplicate or a
 * DomainError.
 */
export async function recordEvents(
  db: Db,
  inputs: readonly EventInput[],
  opts: RecordOptions = {},
): Promise<RecordResult[]> {
  if (inputs.length === 0) return [];
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction((tx) => recordEventsInTx(tx, inputs, opts));
    } catch (err) {
      if (attempt >= 3 || !isRaceError(err)) throw err;
    }
  }
}

/** A unique violation (23505) or our own duplicate detection: retriable. */
function isRaceError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    if (e instanceof ConcurrentDuplicateError) return true;
    if (typeof e === "object" && (e as { code?: unknown }).code === "23505") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

type Pending = PendingEvent & { index: number };

/** Events projected between two turns of the event loop (a few ms of work). */
const YIELD_EVERY_EVENTS = 1000;

function moneyOf(input: EventInput): { currency: CurrencyCode } | undefined {
  const p = input.payload as { amount?: { currency: CurrencyCode } };
  return p.amount;
}

/**
 * recordEvents inside a transaction you already hold. The batch costs a fixed number of
 * round trips, not a few per event: one for the reads (partners locked FOR UPDATE, then
 * the idempotency lookup, the rates and one SELECT per table touched, leads locked FOR
 * UPDATE), the projections applied in memory in input order, then one for the writes (write-back.ts): one multi-row statement per changed
 * table, or on PostgreSQL a COPY for the log and for each table with 50+ new rows.
 *
 * On PostgreSQL, issue nothing else on `tx` while this runs: during a COPY the connection
 * is in COPY mode, and a statement sent meanwhile fails (or breaks the protocol).
 */
export async function recordEventsInTx(
  tx: Tx,
  inputs: readonly EventInput[],
  opts: RecordOptions = {},
): Promise<RecordResult[]> {
  const batch = await checkAndProject(tx, inputs, opts);
  const { results, log } = batch;
  if (batch.ws) {
    // 4. The log rows and the projection rows: same transaction, so both or neither.
    const seqs = await writeBatch(tx, log, batch.ws);
    for (let i = 0; i < log.length; i++) {
      const e = log[i]!;
      const seq = seqs[i]!;
      const own = results[e.index];
      if (own) own.derived.push(seq);
      else results[e.index] = { seq, duplicate: false, derived: [] };
    }
  }
  for (const [i, first] of batch.repeats) {
    results[i] = { seq: results[first]!.seq, duplicate: true, derived: [] };
  }
  return results as RecordResult[];
}

/** What `recordEventsWriteBehind` answers. */
export interface WriteBehind {
  /** Per input, in input order: recorded before (or earlier in the batch), and whether the
   *  service derived other events from it. Seqs are not known before the writes are done. */
  results: { duplicate: boolean; derived: boolean }[];
  /** Settles once the events and their projections are written: await it before COMMIT. */
  written: Promise<void>;
}

/**
 * `recordEventsInTx` for a caller that needs no seqs (the runtime's batched runs: a reward's
 * result is its ledger id): answers once the events are checked and projected and their
 * writes are handed to the driver, so the caller's next statements go out behind them on the
 * connection — PostgreSQL runs them in order — instead of a round trip later. A refused event
 * throws before anything is written, as in recordEventsInTx. A batch big enough for COPY is
 * written before it answers (a connection in COPY mode takes no other statement).
 */
export async function recordEventsWriteBehind(
  tx: Tx,
  inputs: readonly EventInput[],
  opts: RecordOptions = {},
): Promise<WriteBehind> {
  const batch = await checkAndProject(tx, inputs, opts);
  const { log } = batch;
  let written: Promise<void> = Promise.resolve();
  if (batch.ws) {
    const writing = writeBatch(tx, log, batch.ws).then(() => {});
    // Observed here too: a caller that fails before awaiting it leaves no unhandled rejection.
    writing.catch(() => {});
    if (usesCopy(tx, log.length)) await writing;
    // drizzle hands a statement to the driver a few microtasks after the call: once the
    // event loop has turned, anything the caller sends goes out behind these writes.
    else await new Promise<void>((resolve) => setImmediate(resolve));
    written = writing;
  }
  const derived = new Map<number, number>();
  for (const e of log) derived.set(e.index, (derived.get(e.index) ?? 0) + 1);
  const results = inputs.map((_, i) => ({
    duplicate: batch.results[i]?.duplicate === true,
    derived: (derived.get(i) ?? 0) > 1,
  }));
  for (const [i] of batch.repeats) results[i] = { duplicate: true, derived: false };
  return { results, written };
}

/** A batch checked and projected in memory, not written yet (see recordEventsInTx). */
interface Projected {
  /** Results known before writing: the duplicates of earlier recordings. */
  results: (RecordResult | undefined)[];
  /** [index, index of the first occurrence] of keys repeated within the batch. */
  repeats: [number, number][];
  /** The events to append, own and derived, in order (`index`: the input they come from). */
  log: Pending[];
  /** The projection rows to write; null when every event was recorded before. */
  ws: WorkingSet | null;
}

/** Steps 0–3 of recordEventsInTx: the reads, the idempotency lookup and the projections. */
async function checkAndProject(
  tx: Tx,
  inputs: readonly EventInput[],
  opts: RecordOptions,
): Promise<Projected> {
  const results: (RecordResult | undefined)[] = new Array<RecordResult | undefined>(inputs.length);
  const now = opts.occurredAt ?? new Date();

  // 0. Lock the partners first (see lockPartners).
  const partnerIds = new Set<string>();
  for (const input of inputs) if (input.partnerId) partnerIds.add(input.partnerId);

  // 1. Idempotency: keys recorded before answer their first seq; repeats within the batch
  //    answer the first occurrence's seq once it is known.
  const firstByKey = new Map<string, number>();
  const repeats: [number, number][] = [];
  inputs.forEach((input, i) => {
    const first = firstByKey.get(input.idempotencyKey);
    if (first === undefined) firstByKey.set(input.idempotencyKey, i);
    else repeats.push([i, first]);
  });

  // 2. Every first occurrence, and everything it references.
  const candidates: Pending[] = [];
  const wanted = new Wanted();
  const currencies = new Set<CurrencyCode>();
  let firstDay = "9999-12-31";
  let lastDay = "0000-01-01";
  for (const i of firstByKey.values()) {
    const input = inputs[i]!;
    const e: Pending = {
      index: i,
      type: input.type,
      partnerId: input.partnerId ?? null,
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : now,
      payload: input.payload,
      idempotencyKey: input.idempotencyKey,
      causationRunId: opts.causations?.[i]?.runId ?? opts.causationRunId ?? null,
      causationDepth: opts.causations?.[i]?.depth ?? opts.causationDepth ?? 0,
    };
    candidates.push(e);
    if (e.partnerId) wanted.partners.add(e.partnerId);
    (PROJECTORS[e.type].want as (w: Wanted, e: PendingEvent) => void)(wanted, e);
    const money = moneyOf(input);
    if (money) {
      currencies.add(money.currency);
      const day = utcDay(e.occurredAt);
      if (day < firstDay) firstDay = day;
      if (day > lastDay) lastDay = day;
    }
  }

  // One round trip: the locks, and pipelined behind them (on one connection they run after
  // the locks, so their snapshots are taken once the locks are held) the rates, the rows
  // referenced (leads locked FOR UPDATE in id order) and the idempotency lookup. Rows of
  // events that turn out to be duplicates are read for nothing: a few reads, against a
  // round trip spent waiting for the lookup before loading.
  const [partners, rates, loaded, ...found] = await settleAll<unknown>([
    lockPartners(tx, partnerIds),
    opts.rates
      ? Promise.resolve(opts.rates)
      : loadRateBookFor(tx, [...currencies], firstDay, lastDay),
    loadWorkingSet(tx, wanted, []),
    ...[...chunks([...firstByKey.keys()], 10_000)].map((keys) =>
      tx
        .select({ seq: schema.events.seq, key: schema.events.idempotencyKey })
        .from(schema.events)
        .where(anyOf(schema.events.idempotencyKey, keys)),
    ),
  ]);
  const existing = new Map<string, number>();
  for (const rows of found as { seq: number; key: string | null }[][]) {
    for (const r of rows) if (r.key !== null) existing.set(r.key, r.seq);
  }

  // Keys recorded before answer their first seq; the rest are projected in input order.
  const fresh: Pending[] = [];
  for (const e of candidates) {
    const seq = existing.get(e.idempotencyKey);
    if (seq === undefined) fresh.push(e);
    else results[e.index] = { seq, duplicate: true, derived: [] };
  }
  fresh.sort((a, b) => a.index - b.index);

  if (fresh.length > 0) {
    const ws = loaded as WorkingSet;
    ws.partners.load(partners as PartnerRow[]);

    // 3. Domain checks and projections, in input order, against the in-memory rows.
    const log: Pending[] = [];
    let current: Pending | undefined;
    const ctx: ProjectContext = {
      ws,
      rates: rates as RateBook,
      derive: (d) => log.push({ ...d, index: current!.index }),
    };
    for (let k = 0; k < fresh.length; k++) {
      // Thousands of projections are tens of ms: let other requests' I/O through meanwhile.
      if (k > 0 && k % YIELD_EVERY_EVENTS === 0) await yieldToEventLoop();
      const e = fresh[k]!;
      current = e;
      try {
        checkPartner(ctx, e);
        log.push(e);
        (PROJECTORS[e.type].project as (c: ProjectContext, e: PendingEvent) => void)(ctx, e);
      } catch (err) {
        if (err instanceof DomainError) err.index = e.index;
        throw err;
      }
    }

    return { results, repeats, log, ws };
  }
  return { results, repeats, log: [], ws: null };
}

function checkPartner(ctx: ProjectContext, e: Pending): void {
  const type: EventType = e.type;
  if (type === "partner.created") {
    if (ctx.ws.partners.get(e.partnerId!)) {
      throw new DomainError({
        code: "PARTNER_EXISTS",
        message: `partner ${JSON.stringify(e.partnerId)} already exists`,
        path: "partnerId",
      });
    }
    return;
  }
  if (EVENT_TYPES[type].partnerScoped && !ctx.ws.partners.get(e.partnerId!)) {
    throw new DomainError({
      code: "PARTNER_NOT_FOUND",
      message: `partner ${JSON.stringify(e.partnerId)} does not exist`,
      path: "partnerId",
    });
  }
}

import {
  EVENT_TYPES,
  utcDay,
  type CurrencyCode,
  type EventInput,
  type EventType,
  type RateBook,
} from "@partnerflow/domain";
import { queryRows, schema, type Db, type Tx } from "@partnerflow/db";
import { sql } from "drizzle-orm";
import { anyOf, rowsFromJson } from "./bulk.ts";
import { ConcurrentDuplicateError, DomainError } from "./errors.ts";
import { loadRateBookFor } from "./exchange-rates.ts";
import { PROJECTORS, type PendingEvent, type ProjectContext } from "./projectors/index.ts";
import type { RecordOptions, RecordResult } from "./types.ts";
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

function moneyOf(input: EventInput): { currency: CurrencyCode } | undefined {
  const p = input.payload as { amount?: { currency: CurrencyCode } };
  return p.amount;
}

/**
 * recordEvents inside a transaction you already hold. The batch costs a fixed number of
 * round trips, not a few per event: one idempotency lookup, one rate lookup, one SELECT per
 * table touched (partners and leads locked FOR UPDATE), the projections applied in memory
 * in input order, then one multi-row INSERT for the log and one per changed table.
 */
export async function recordEventsInTx(
  tx: Tx,
  inputs: readonly EventInput[],
  opts: RecordOptions = {},
): Promise<RecordResult[]> {
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
  // The lookup is issued right behind the locks (pipelined, one round trip): on one
  // connection it runs after them, and its snapshot is taken once the locks are held.
  const [partners, ...found] = await settleAll<unknown[]>([
    lockPartners(tx, partnerIds),
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

  // 2. The fresh events, and everything they reference.
  const fresh: Pending[] = [];
  const wanted = new Wanted();
  const currencies = new Set<CurrencyCode>();
  let firstDay = "9999-12-31";
  let lastDay = "0000-01-01";
  for (const [key, i] of firstByKey) {
    const seq = existing.get(key);
    if (seq !== undefined) {
      results[i] = { seq, duplicate: true, derived: [] };
      continue;
    }
    const input = inputs[i]!;
    const e: Pending = {
      index: i,
      type: input.type,
      partnerId: input.partnerId ?? null,
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : now,
      payload: input.payload,
      idempotencyKey: input.idempotencyKey,
      causationRunId: opts.causationRunId ?? null,
      causationDepth: opts.causationDepth ?? 0,
    };
    fresh.push(e);
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
  fresh.sort((a, b) => a.index - b.index);

  if (fresh.length > 0) {
    // The rate lookup and the working-set SELECTs go out together (pipelined).
    const [rates, ws] = (await settleAll<unknown>([
      opts.rates
        ? Promise.resolve(opts.rates)
        : loadRateBookFor(tx, [...currencies], firstDay, lastDay),
      loadWorkingSet(tx, wanted, partners as PartnerRow[]),
    ])) as [RateBook, WorkingSet];

    // 3. Domain checks and projections, in input order, against the in-memory rows.
    const log: Pending[] = [];
    let current: Pending | undefined;
    const ctx: ProjectContext = {
      ws,
      rates,
      derive: (d) => log.push({ ...d, index: current!.index }),
    };
    for (const e of fresh) {
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

    // 4. The log rows, then the projection rows: same transaction, so both or neither.
    //    Both are issued before either answers (pipelined); the first failure is reported.
    const [seqByKey] = await settleAll<unknown>([appendEvents(tx, log), ws.flush(tx)]);
    for (const e of log) {
      const seq = (seqByKey as Map<string, number>).get(e.idempotencyKey)!;
      const own = results[e.index];
      if (own) own.derived.push(seq);
      else results[e.index] = { seq, duplicate: false, derived: [] };
    }
  }

  for (const [i, first] of repeats) {
    results[i] = { seq: results[first]!.seq, duplicate: true, derived: [] };
  }
  return results as RecordResult[];
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

/**
 * One INSERT per chunk, rows bound as one JSON parameter; seqs are drawn in input order.
 * A key another transaction committed after our lookup violates the unique idempotency
 * index (23505): the transaction rolls back rather than project it twice, and
 * recordEvents retries (the retry answers it as a duplicate). A plain INSERT costs less
 * than ON CONFLICT DO NOTHING, whose speculative insertion runs for every row.
 */
async function appendEvents(tx: Tx, log: readonly Pending[]): Promise<Map<string, number>> {
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
  return seqByKey;
}

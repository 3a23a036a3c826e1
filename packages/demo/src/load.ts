import { rateBookFromRows } from "@partnerflow/domain";
import { schema, type Database } from "@partnerflow/db";
import {
  PROJECTORS,
  type PendingEvent,
  type ProjectContext,
} from "@partnerflow/service/projectors";
import { WorkingSet } from "@partnerflow/service/working-set";
import { count, eq, getTableName } from "drizzle-orm";
import { openCopySink } from "./copy-sink.ts";
import { EVENT_COLUMNS, putEvent } from "./copy-text.ts";
import { copyEncoded, copyRows, encodeWorkingSet, workingSetTables } from "./flush-copy.ts";
import {
  dropPrimaryKeys,
  dropSecondaryIndexes,
  inLoadTransaction,
  recreateIndexes,
  type LoadSession,
} from "./load-session.ts";
import { demoPeriod, demoRecords } from "./generate.ts";
import { generateRates, generateUsers } from "./reference-data.ts";

/** Options of {@link loadDemoHistory}. */
export interface LoadDemoOptions {
  /** How many partners the history covers (200 is the default demo). */
  partners: number;
  /** How many years of history, ending at `endDate`. */
  years: number;
  /** PRNG seed: the same seed, size and end date always give the same history. */
  seed: number;
  /** Last instant of the history; defaults to now. Pass one for reproducible loads. */
  endDate?: Date;
  /** Called now and then with the number of events written so far. */
  onProgress?: (events: number) => void;
}

export interface LoadDemoResult {
  /** Events written to the log (generated plus derived, e.g. inventory.low). */
  events: number;
  partners: number;
  ms: number;
}

/** The settings key that marks a database as holding a demo history. */
export const DEMO_SETTING_KEY = "demo_seed";

/** Thrown when the database already holds a demo history or other partner data. */
export class DemoAlreadyLoadedError extends Error {
  override readonly name = "DemoAlreadyLoadedError";
}

const PROGRESS_EVERY = 25_000;

/**
 * Generates a deterministic demo history and bulk-loads it: users, daily exchange rates,
 * the event log (COPY, in time order, derived events right after their cause) and the
 * current-state tables. The tables are built by the service's own projectors over an
 * in-memory working set, so they equal what `recordEvents` would have produced, and are
 * written once at the end. Refuses when the database already holds partners or a demo.
 *
 * Everything happens in ONE transaction on one connection: a failed load leaves nothing.
 * The tables' secondary indexes and primary keys (the log keeps its key) are dropped first
 * and rebuilt after the COPY (as pg_restore does); other sessions wait on the tables
 * meanwhile.
 */
export async function loadDemoHistory(
  database: Database,
  opts: LoadDemoOptions,
): Promise<LoadDemoResult> {
  const started = performance.now();
  await assertEmpty(database);
  const { start, end } = demoPeriod(opts);
  const written = await inLoadTransaction(database, async (session) => {
    const dropped = [
      ...(await dropSecondaryIndexes(session, LOADED_TABLES, KEPT_INDEXES)),
      // The log's key arrives in order (cheap to keep); the tables' keys do not.
      ...(await dropPrimaryKeys(
        session,
        LOADED_TABLES.filter((t) => t !== LOG_TABLE),
      )),
    ];
    await copyRows(session, schema.users, generateUsers(opts.partners, opts.seed, start));
    await copyRows(session, schema.exchangeRates, generateRates(opts.seed, start, end));
    const ws = new WorkingSet();
    const events = await copyEvents(session, ws, opts, start, end);
    // PostgreSQL builds the log's indexes while this thread encodes the current-state rows.
    const logIndexes = recreateIndexes(
      session,
      dropped.filter((d) => d.table === LOG_TABLE),
    );
    const tables = await encodeWorkingSet(ws);
    await logIndexes;
    for (const t of tables) await copyEncoded(session, t);
    await recreateIndexes(
      session,
      dropped.filter((d) => d.table !== LOG_TABLE),
    );
    await copyRows(session, schema.settings, [
      {
        key: DEMO_SETTING_KEY,
        value: {
          seed: opts.seed,
          partners: opts.partners,
          years: opts.years,
          endDate: end.toISOString(),
          events,
        },
      },
    ]);
    return events;
  });
  opts.onProgress?.(written);
  return { events: written, partners: opts.partners, ms: Math.round(performance.now() - started) };
}

const LOG_TABLE = getTableName(schema.events);

/**
 * Log indexes kept during the COPY. The log arrives in (occurred_at, seq) order, so these
 * two only ever grow at their right edge (one edge per event type for the type index):
 * maintaining them row by row costs PostgreSQL about what building them afterwards costs
 * (measured: +1.9 s and +3.0 s of COPY for 1.49 M rows against 2.8 s and 4.8 s for a
 * single-process build), but it happens while this thread is still generating instead of
 * after it, when nothing else runs. The partner and idempotency-key indexes insert at
 * random places and cost 2–4× more row by row, so they are built after the COPY.
 */
const KEPT_INDEXES = ["events_time_idx", "events_type_idx"];

/** The tables the load fills (their non-constraint indexes are built after the COPY). */
const LOADED_TABLES = [
  schema.events,
  schema.users,
  schema.exchangeRates,
  ...workingSetTables(new WorkingSet()).map((s) => s.table),
].map((t) => getTableName(t));

/**
 * Generates and projects the history into `ws`, streaming the log with COPY in time order
 * (derived events right after their cause). Returns the number of log rows.
 */
async function copyEvents(
  session: LoadSession,
  ws: WorkingSet,
  opts: LoadDemoOptions,
  start: Date,
  end: Date,
): Promise<number> {
  const derived: PendingEvent[] = [];
  const ctx: ProjectContext = {
    ws,
    rates: rateBookFromRows(generateRates(opts.seed, start, end)),
    derive: (d) => derived.push(d),
  };
  const sink = await openCopySink(session, "events", EVENT_COLUMNS);
  let written = 0;
  const write = (e: PendingEvent): Promise<void> | undefined => {
    written++;
    if (written % PROGRESS_EVERY === 0) opts.onProgress?.(written);
    putEvent(sink.buffer, e);
    return sink.written();
  };
  for (const r of demoRecords(opts)) {
    const e: PendingEvent = {
      type: r.type,
      partnerId: r.partnerId ?? null,
      occurredAt: new Date(r.t),
      payload: r.payload,
      idempotencyKey: r.idempotencyKey,
      causationRunId: null,
      causationDepth: 0,
    };
    (PROJECTORS[e.type].project as (c: ProjectContext, e: PendingEvent) => void)(ctx, e);
    const pending = write(e);
    if (pending) await pending;
    if (derived.length > 0) {
      for (const d of derived.splice(0)) {
        const more = write(d);
        if (more) await more;
      }
    }
  }
  await sink.end();
  return written;
}

async function assertEmpty(database: Database): Promise<void> {
  const { db } = database;
  const marker = await db
    .select({ value: schema.settings.value })
    .from(schema.settings)
    .where(eq(schema.settings.key, DEMO_SETTING_KEY));
  if (marker[0]) {
    throw new DemoAlreadyLoadedError(
      `this database already holds a demo history (${JSON.stringify(marker[0].value)}); use a fresh database to load another`,
    );
  }
  const [partners] = await db.select({ n: count() }).from(schema.partners);
  const [events] = await db.select({ n: count() }).from(schema.events);
  if ((partners?.n ?? 0) > 0 || (events?.n ?? 0) > 0) {
    throw new DemoAlreadyLoadedError(
      `this database already holds ${partners?.n ?? 0} partners and ${events?.n ?? 0} events; the demo history loads only into an empty database`,
    );
  }
}

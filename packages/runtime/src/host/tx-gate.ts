import { schema, type Tx } from "@partnerflow/db";
import type { EventInput } from "@partnerflow/domain";
import {
  DomainError,
  recordEvent,
  recordEventsInTx,
  recordEventsWriteBehind,
  type RecordOptions,
  type RecordResult,
} from "@partnerflow/service";
import { ownRecordId } from "./effect-events.ts";

/** Reads many keys of one kind at once; answers what it found by key. */
export type LoadMany<T> = (tx: Tx, keys: readonly string[]) => Promise<Map<string, T>>;
/** An outbox row; every row of a group gives the same fields (they go in as one JSON list). */
export type OutboxRow = typeof schema.outbox.$inferInsert;
/**
 * What recording an effect's event answers: its seq — null while the write is still in
 * flight, which a BatchGate only allows for events that carry their own record id (see
 * ownRecordId) — whether it was recorded before, and whether it derived other events.
 */
export interface RecordedEvent {
  seq: number | null;
  duplicate: boolean;
  derived: boolean;
}

/** A RecordResult as the gates answer it. */
const recorded = ({ seq, duplicate, derived }: RecordResult): RecordedEvent => ({
  seq,
  duplicate,
  derived: derived.length > 0,
});

/** Causation and instant of an event a run's effect records. */
export type EffectEventOptions = Required<
  Pick<RecordOptions, "causationRunId" | "causationDepth" | "occurredAt">
>;

/**
 * How a live host reaches its transaction. `DirectGate` sends each statement as it comes (one
 * run per transaction). `BatchGate` lets the runs of a group execute side by side in one
 * transaction and turns their statements into a few: keyed reads (partners, records by id)
 * into one SELECT per kind, recorded
 * events into one `recordEventsInTx` call, outbox rows into one INSERT.
 */
export interface TxGate {
  /** Any statement(s) on the transaction, in the order the run asks for them. */
  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** A keyed read (a partner, a record by id): one `many` call per kind per round. */
  load<T>(kind: string, key: string, many: LoadMany<T>): Promise<T | undefined>;
  recordEvent(input: EventInput, opts: EffectEventOptions): Promise<RecordedEvent>;
  insertOutbox(row: OutboxRow): Promise<void>;
}

export class DirectGate implements TxGate {
  constructor(private readonly tx: Tx) {}

  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return fn(this.tx);
  }

  async load<T>(_kind: string, key: string, many: LoadMany<T>): Promise<T | undefined> {
    return (await many(this.tx, [key])).get(key);
  }

  async recordEvent(input: EventInput, opts: EffectEventOptions): Promise<RecordedEvent> {
    return recorded(await recordEvent(this.tx, input, opts));
  }

  async insertOutbox(row: OutboxRow): Promise<void> {
    await this.tx.insert(schema.outbox).values(row).onConflictDoNothing();
  }
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(err: unknown): void;
}

/** The asks queued since the last flush. */
class Round {
  readonly ops: (Waiter<unknown> & { fn: (tx: Tx) => Promise<unknown> })[] = [];
  readonly loads = new Map<
    string,
    { many: LoadMany<unknown>; waiters: Map<string, Waiter<unknown>[]> }
  >();
  readonly events: (Waiter<RecordedEvent> & { input: EventInput; opts: EffectEventOptions })[] = [];
}

/**
 * Collects what the group's runs ask for until every run waits (the next macrotask: the
 * interpreter between two host calls only runs microtasks), then sends it as a few statements
 * and answers every run at once, so the runs advance in step and the next round batches too.
 * A run's own asks stay in order (it waits for each answer before its next ask); runs of one
 * group see each other's writes as concurrent transactions would. Statements are never
 * interleaved with another flush: rounds run one after the other.
 *
 * An error answers only the run that asked. A refused event (DomainError) is answered to its
 * run and the others of the round are recorded without it; any other error leaves the
 * transaction aborted, so the group's executor rolls the whole group back.
 *
 * Two asks cost no round of their own. Outbox rows are answered at once and written with the
 * runs' steps and states (`takeOutbox`): nothing a run does depends on the insert, and if it
 * fails the whole group rolls back anyway. Keys read with `prefetch` (before the runs start,
 * pipelined behind the statements sent before) answer the loads asked before the first round
 * is sent: those are the runs' first reads, which no write of the group can have changed.
 */
export class BatchGate implements TxGate {
  private round = new Round();
  private scheduled = false;
  private flushing: Promise<void> = Promise.resolve();
  /** The types of the events recorded through this gate (not those derived from them). */
  readonly recordedTypes = new Set<string>();
  /** Some recorded event derived others (their types are not in `recordedTypes`). */
  derived = false;
  private outbox: OutboxRow[] = [];
  private writes: Promise<void>[] = [];
  private prefetched: Map<string, Promise<Map<string, unknown>>> | null = null;

  constructor(private readonly tx: Tx) {}

  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.ask<T>((w) => this.round.ops.push({ ...(w as Waiter<unknown>), fn }));
  }

  /** Reads `keys` of a kind now; see the class comment. */
  prefetch<T>(kind: string, keys: readonly string[], many: LoadMany<T>): void {
    if (keys.length === 0) return;
    const found = many(this.tx, keys) as Promise<Map<string, unknown>>;
    // A failure is answered to the loads that use it (none, if the pass fails first).
    found.catch(() => {});
    this.prefetched ??= new Map();
    for (const key of keys) this.prefetched.set(`${kind}\u0000${key}`, found);
  }

  load<T>(kind: string, key: string, many: LoadMany<T>): Promise<T | undefined> {
    const hit = this.prefetched?.get(`${kind}\u0000${key}`);
    if (hit) return hit.then((rows) => rows.get(key) as T | undefined);
    return this.ask<T | undefined>((w) => {
      let load = this.round.loads.get(kind);
      if (!load) {
        load = { many: many, waiters: new Map() };
        this.round.loads.set(kind, load);
      }
      const list = load.waiters.get(key);
      if (list) list.push(w);
      else load.waiters.set(key, [w]);
    });
  }

  recordEvent(input: EventInput, opts: EffectEventOptions): Promise<RecordedEvent> {
    return this.ask<RecordedEvent>((w) => this.round.events.push({ ...w, input, opts }));
  }

  insertOutbox(row: OutboxRow): Promise<void> {
    this.outbox.push(row);
    return Promise.resolve();
  }

  /** The outbox rows the runs asked for, for the caller to write (once). */
  takeOutbox(): OutboxRow[] {
    const rows = this.outbox;
    this.outbox = [];
    return rows;
  }

  /**
   * The recorded events' writes still in flight (see recordEvents below), for the caller to
   * await with its own last writes, before COMMIT.
   */
  takeWrites(): Promise<void>[] {
    const writes = this.writes;
    this.writes = [];
    return writes;
  }

  private ask<T>(enqueue: (w: Waiter<T>) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      enqueue({ resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          // flush() answers every ask itself and never rejects.
          this.flushing = this.flushing.then(() => this.flush());
        });
      }
    });
  }

  private async flush(): Promise<void> {
    const round = this.round;
    this.round = new Round();
    this.scheduled = false;
    // From now on the group may have written: no read is answered from before.
    this.prefetched = null;
    const answers: (() => void)[] = [];
    const settle = async <T>(w: Waiter<T>, p: Promise<T>) => {
      try {
        const value = await p;
        answers.push(() => w.resolve(value));
      } catch (err) {
        answers.push(() => w.reject(err));
      }
    };
    // Reads and single statements first (pipelined), then the round's writes.
    const reads: Promise<void>[] = round.ops.map((op) =>
      settle(
        op,
        Promise.resolve().then(() => op.fn(this.tx)),
      ),
    );
    for (const load of round.loads.values()) reads.push(this.readKeys(load, answers));
    await Promise.all(reads);
    // After the reads: on PostgreSQL recordEventsInTx writes by COPY, and nothing else may be
    // sent on the connection while it is in COPY mode.
    await this.recordEvents(round, answers);
    for (const answer of answers) answer();
  }

  private async readKeys(
    load: { many: LoadMany<unknown>; waiters: Map<string, Waiter<unknown>[]> },
    answers: (() => void)[],
  ): Promise<void> {
    try {
      const found = await load.many(this.tx, [...load.waiters.keys()]);
      for (const [key, waiters] of load.waiters) {
        for (const w of waiters) answers.push(() => w.resolve(found.get(key)));
      }
    } catch (err) {
      for (const w of [...load.waiters.values()].flat()) answers.push(() => w.reject(err));
    }
  }

  /**
   * Records the round's events in one call. When every one carries its own record id (a
   * reward, a task, a training: nobody needs its seq), the writes are not waited for: the
   * runs go on, their next statements go out behind the writes, and the caller awaits them
   * with its last writes (takeWrites) — one round trip less per group.
   */
  private async recordEvents(round: Round, answers: (() => void)[]): Promise<void> {
    let pending = round.events;
    while (pending.length > 0) {
      const inputs = pending.map((p) => p.input);
      const opts: RecordOptions = {
        occurredAt: pending[0]!.opts.occurredAt,
        causations: pending.map((p) => ({
          runId: p.opts.causationRunId,
          depth: p.opts.causationDepth,
        })),
      };
      try {
        let results: RecordedEvent[];
        if (inputs.every((input) => ownRecordId(input) !== undefined)) {
          const behind = await recordEventsWriteBehind(this.tx, inputs, opts);
          this.writes.push(behind.written);
          results = behind.results.map((r) => ({ seq: null, ...r }));
        } else {
          results = (await recordEventsInTx(this.tx, inputs, opts)).map(recorded);
        }
        pending.forEach((p, i) => {
          const result = results[i]!;
          this.recordedTypes.add(p.input.type);
          if (result.derived) this.derived = true;
          answers.push(() => p.resolve(result));
        });
        return;
      } catch (err) {
        // Refused before anything was written: answer that run, record the others.
        const index = err instanceof DomainError ? err.index : undefined;
        if (index === undefined || !pending[index]) {
          for (const p of pending) answers.push(() => p.reject(err));
          return;
        }
        const refused = pending[index];
        answers.push(() => refused.reject(err));
        pending = pending.filter((_, i) => i !== index);
      }
    }
  }
}

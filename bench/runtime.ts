/**
 * Runtime figures for "sale recorded → condition → reward + email outbox", fully persisted
 * (run, steps, ledger event + projection, outbox row): sustained runs/s, then trigger→effect
 * latency p50/p99 with events paced at half that rate. PostgreSQL: 1 and 2 worker PROCESSES
 * (`partnerflow worker`), the bench process only records events. PGlite: one in-process loop.
 * Each database first gets a history (HISTORY_SALES runs) and ANALYZE: see `setup`.
 */
import { sql } from "drizzle-orm";
import { schema, queryRows, type Database } from "@partnerflow/db";
import type { EventInput } from "@partnerflow/domain";
import { recordEvents } from "@partnerflow/service";
import {
  activateWorkflow,
  createWorkflow,
  publishWorkflow,
  runUntilIdle,
  startRuntime,
} from "@partnerflow/runtime";
import {
  opsPerSecond,
  withBenchDatabase,
  type BenchContext,
  type BenchModule,
  type BenchResult,
} from "./lib.ts";
import { startWorkerProcesses } from "./runtime-workers.ts";

const pos = { x: 0, y: 0 };
const GRAPH = {
  nodes: [
    {
      id: "t",
      type: "trigger.event",
      typeVersion: 1,
      config: { eventType: "sale.recorded" },
      position: pos,
    },
    {
      id: "c",
      type: "logic.condition",
      typeVersion: 1,
      config: {
        condition: {
          kind: "group",
          combinator: "all",
          children: [
            {
              kind: "clause",
              left: { source: "event", field: "amount" },
              op: "gte",
              right: { kind: "literal", value: { amount: "100.00", currency: "USD" } },
            },
          ],
        },
      },
      position: pos,
    },
    {
      id: "r",
      type: "action.issue_reward",
      typeVersion: 1,
      config: {
        rewardKind: "rebate",
        amount: { mode: "fixed", money: { amount: "5.00", currency: "USD" } },
        status: "pending",
        reason: "sale",
      },
      position: pos,
    },
    {
      id: "m",
      type: "action.send_email",
      typeVersion: 1,
      config: {
        to: "partner",
        template: "thanks",
        subject: "Thanks {{partner.name}}",
        body: "A rebate is on its way.",
      },
      position: pos,
    },
  ],
  edges: [
    { id: "e1", source: "t", sourcePort: "out", target: "c", targetPort: "in" },
    { id: "e2", source: "c", sourcePort: "true", target: "r", targetPort: "in" },
    { id: "e3", source: "r", sourcePort: "out", target: "m", targetPort: "in" },
  ],
};

/** Sales run through the workflow before anything is measured (see `setup`). */
const HISTORY_SALES = 2_000;

/**
 * The bench workflow, active, and `partners` partners; then a history of HISTORY_SALES runs
 * (events, runs, steps, rewards, outbox rows) executed in-process, and ANALYZE. Measured on
 * tables created seconds earlier, the workers' prepared statements would keep the plans made
 * while the tables were empty (sequential scans) for the whole bench: PostgreSQL re-plans
 * them after an ANALYZE, which autovacuum runs about a minute after a table has grown (never,
 * with autovacuum off). The figures are for a database in use, not for its first minute.
 */
export async function setup(database: Database, partners: number): Promise<string[]> {
  const ids = await setupEmpty(database, partners);
  for (let i = 0; i < HISTORY_SALES; i += 500) {
    await recordEvents(
      database.db,
      Array.from({ length: Math.min(500, HISTORY_SALES - i) }, (_, j) =>
        saleOf(ids[(i + j) % ids.length]!),
      ),
    );
  }
  await runUntilIdle({ database });
  await database.db.execute(sql`analyze`);
  return ids;
}

async function setupEmpty(database: Database, partners: number): Promise<string[]> {
  const { id } = await createWorkflow(database.db, { name: "bench", graph: GRAPH });
  const { version } = await publishWorkflow(database.db, { id, note: "bench" });
  await activateWorkflow(database.db, { id, version });
  const ids = Array.from({ length: partners }, (_, i) => `bp${i}`);
  await recordEvents(
    database.db,
    ids.map((p) => ({
      type: "partner.created",
      idempotencyKey: `bench-${p}`,
      partnerId: p,
      payload: {
        name: p,
        tier: "Registered",
        region: "EMEA",
        country: "DE",
        type: "reseller",
        status: "active",
      },
    })),
  );
  return ids;
}

let k = 0;
export const saleOf = (p: string): EventInput => ({
  type: "sale.recorded",
  idempotencyKey: `bs-${++k}-${Math.random()}`,
  partnerId: p,
  payload: {
    saleId: `bs${k}`,
    amount: { amount: "250.00", currency: "USD" },
    productLine: "core",
  },
});

/** Sale events per second the bench sends while measuring latency, for ~`seconds`. */
async function paced(database: Database, partners: string[], rate: number, seconds: number) {
  const total = Math.max(20, Math.round(rate * seconds));
  // Every 20 ms a few events, or one event every 1000/rate ms below 50 events/s.
  const everyMs = Math.max(20, 1000 / rate);
  const perTick = Math.max(1, Math.round((rate * everyMs) / 1000));
  const started = performance.now();
  for (let sent = 0, i = 0; sent < total; i++) {
    const wait = started + i * everyMs - performance.now();
    if (wait > 0) await new Promise((res) => setTimeout(res, wait));
    const batch = Array.from({ length: Math.min(perTick, total - sent) }, (_, j) =>
      saleOf(partners[(sent + j) % partners.length]!),
    );
    await recordEvents(database.db, batch);
    sent += batch.length;
  }
  return total;
}

/**
 * Runs/s and latencies from the DATABASE clock, the same for every process: a run's latency is
 * its `finished_at` (clock_timestamp() when it finished, in the transaction that committed its
 * effects) minus its event's `recorded_at`; throughput is runs over first event → last finish.
 */
async function measured(database: Database, fromSeq: number) {
  const [row] = await queryRows<{
    done: string;
    span_ms: string | null;
    p50: string | null;
    p99: string | null;
  }>(
    database.db,
    sql`select count(*) filter (where status = 'completed') as done,
          extract(epoch from max(finished_at) - min(recorded_at)) * 1000 as span_ms,
          percentile_cont(0.5) within group (order by lat) as p50,
          percentile_cont(0.99) within group (order by lat) as p99
        from (select r.status, r.finished_at, e.recorded_at,
                extract(epoch from r.finished_at - e.recorded_at) * 1000 as lat
              from ${schema.events} e join ${schema.runs} r on r.order_seq = e.seq
              where e.seq > ${fromSeq} and e.type = 'sale.recorded') x`,
  );
  return {
    done: Number(row?.done ?? 0),
    spanMs: Number(row?.span_ms ?? 0),
    p50: Number(row?.p50 ?? 0),
    p99: Number(row?.p99 ?? 0),
  };
}

async function lastSeq(database: Database): Promise<number> {
  const [row] = await queryRows<{ seq: string | null }>(
    database.db,
    sql`select max(seq) as seq from ${schema.events}`,
  );
  return Number(row?.seq ?? 0);
}

/** Asks `check` every `everyMs` until it answers true; throws `failure()` after `timeoutMs`. */
async function pollUntil(
  check: () => Promise<boolean>,
  everyMs: number,
  timeoutMs: number,
  failure: () => string,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(failure());
    await new Promise((res) => setTimeout(res, everyMs));
  }
}

/**
 * Waits for `n` completed runs of sales after `fromSeq`, then measures them. The poll only
 * counts runs (about a millisecond): the percentiles join every run to its event, which on a
 * database with history costs PostgreSQL tens of ms, taken from the workers being measured.
 */
async function untilDone(database: Database, fromSeq: number, n: number, timeoutMs: number) {
  let done = 0;
  await pollUntil(
    async () => {
      const [row] = await queryRows<{ done: string }>(
        database.db,
        sql`select count(*) as done from ${schema.runs}
            where order_seq > ${fromSeq} and status = 'completed'`,
      );
      done = Number(row?.done ?? 0);
      return done >= n;
    },
    100,
    timeoutMs,
    () => `only ${done} of ${n} runs completed`,
  );
  return measured(database, fromSeq);
}

/**
 * Waits until the workers have caught up: the dispatcher's cursor is past every event (the
 * rewards the runs recorded too) and no run is queued or running. A latency phase that
 * started while the previous phase's backlog drained would measure the backlog.
 */
async function settled(database: Database, timeoutMs = 30_000): Promise<void> {
  await pollUntil(
    async () => {
      const [row] = await queryRows<{ idle: boolean }>(
        database.db,
        sql`select coalesce((select seq from ${schema.runtimeCursors} where name = 'dispatch'), 0)
                  >= coalesce((select max(seq) from ${schema.events}), 0)
               and not exists (select 1 from ${schema.runs} where status in ('queued', 'running'))
               as idle`,
      );
      return row?.idle === true;
    },
    50,
    timeoutMs,
    () => "the workers did not catch up",
  );
}

interface Phase {
  label: string;
  backend: string;
  runsPerS: number;
  p50: number;
  p99: number;
  /** p99 at the fixed FIXED_RATE sales/s (informational: the same load whatever the runs/s). */
  fixedP99: number;
}

/** A fixed pace for an informational latency figure that does not move with throughput. */
const FIXED_RATE = 250;

/**
 * Sends `n` sales as fast as it can record them, then paced at half the measured rate, then
 * paced at FIXED_RATE.
 */
async function measure(
  ctx: BenchContext,
  database: Database,
  partners: string[],
  label: string,
  n: number,
): Promise<Phase> {
  let from = await lastSeq(database);
  for (let i = 0; i < n; i += 250) {
    await recordEvents(
      database.db,
      Array.from({ length: Math.min(250, n - i) }, (_, j) =>
        saleOf(partners[(i + j) % partners.length]!),
      ),
    );
  }
  const burst = await untilDone(database, from, n, 150_000);
  const runsPerS = opsPerSecond(n, burst.spanMs);
  const rate = Math.max(5, Math.round(runsPerS / 2));
  await settled(database);
  from = await lastSeq(database);
  const sent = await paced(database, partners, rate, 5);
  const lat = await untilDone(database, from, sent, 60_000);
  await settled(database);
  from = await lastSeq(database);
  const fixedSent = await paced(database, partners, FIXED_RATE, 5);
  const fixed = await untilDone(database, from, fixedSent, 60_000);
  const round = (v: number) => Math.round(v * 10) / 10;
  const phase = {
    label,
    backend: database.kind === "postgres" ? "postgresql" : "pglite",
    runsPerS,
    p50: round(lat.p50),
    p99: round(lat.p99),
    fixedP99: round(fixed.p99),
  };
  ctx.log(
    `${phase.backend} ${label}: ${n} runs in ${Math.round(burst.spanMs)} ms = ${runsPerS} runs/s; ` +
      `${sent} events at ${rate}/s: p50 ${phase.p50} ms, p99 ${phase.p99} ms; ` +
      `${fixedSent} at ${FIXED_RATE}/s: p50 ${round(fixed.p50)} ms, p99 ${phase.fixedP99} ms`,
  );
  return phase;
}

function results(p: Phase): BenchResult[] {
  return [
    {
      name: `sustained runs/s, ${p.label}`,
      value: p.runsPerS,
      unit: "runs/s",
      target: 500,
      backend: p.backend,
    },
    {
      name: `trigger→effect latency p50 at half that load, ${p.label}`,
      value: p.p50,
      unit: "ms",
      target: null,
      backend: p.backend,
      better: "lower",
    },
    {
      name: `trigger→effect latency p99 at half that load, ${p.label}`,
      value: p.p99,
      unit: "ms",
      target: 50,
      backend: p.backend,
      better: "lower",
    },
    {
      name: `trigger→effect latency p99 at ${FIXED_RATE} sales/s, ${p.label}`,
      value: p.fixedP99,
      unit: "ms",
      target: null,
      backend: p.backend,
      better: "lower",
    },
  ];
}

/** The bench database's own URL, for the worker processes. */
function urlOf(ctx: BenchContext, database: Database): string {
  const url = new URL(ctx.postgresUrl);
  url.pathname = `/${String(database.sql?.options.database)}`;
  return url.toString();
}

async function postgresProcesses(ctx: BenchContext, processes: number, n: number) {
  return withBenchDatabase("postgres", ctx.postgresUrl, async (database) => {
    const partners = await setup(database, 200);
    const workers = await startWorkerProcesses(urlOf(ctx, database), processes);
    try {
      const label = `${processes} worker process${processes > 1 ? "es" : ""}`;
      return await measure(ctx, database, partners, label, n);
    } finally {
      await workers.stop();
    }
  });
}

async function pgliteInProcess(ctx: BenchContext, n: number) {
  return withBenchDatabase("pglite", ctx.postgresUrl, async (database) => {
    const partners = await setup(database, 200);
    const runtime = startRuntime({ database, workers: 1 });
    try {
      return await measure(ctx, database, partners, "in-process worker loop", n);
    } finally {
      await runtime.stop();
    }
  });
}

export const runtime: BenchModule = {
  area: "runtime",
  async run(ctx) {
    const phases = [
      await postgresProcesses(ctx, 1, 1500),
      await postgresProcesses(ctx, 2, 1500),
      await pgliteInProcess(ctx, 600),
    ];
    return phases.flatMap(results);
  },
};

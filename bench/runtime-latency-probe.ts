/**
 * `node --max-semi-space-size=64 --import tsx bench/runtime-latency-probe.ts [rate] [seconds]
 * [processes] [inlineRuns]`: where a run's trigger→effect latency goes at a paced load, on PostgreSQL with
 * `partnerflow worker --concurrency 1` processes (as `npm run bench`). Prints percentiles of
 * each leg, all on the database clock: event recorded → run created (dispatch), run created →
 * first step (claim + start of execution), first step → finished (execution + commit). Not
 * part of `npm run bench`: a tool for finding what to shorten.
 */
import { readFileSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import { sql } from "drizzle-orm";
import { queryRows } from "@partnerflow/db";
import { recordEvents } from "@partnerflow/service";
import { withBenchDatabase } from "./lib.ts";
import { saleOf, setup } from "./runtime.ts";
import { startWorkerProcesses } from "./runtime-workers.ts";

const rate = Number(process.argv[2] ?? 250);
const seconds = Number(process.argv[3] ?? 5);
const processes = Number(process.argv[4] ?? 1);
// Optional 5th argument: RUNTIME_INLINE_RUNS of the workers (default: the runtime's default).
const inlineRuns = process.argv[5];
const url = "postgres://postgres@127.0.0.1:5432/test";

/** CPU ms of processes so far (user, system), from /proc (USER_HZ = 100). */
function cpuMs(pids: number[]): { user: number; system: number } {
  let user = 0;
  let system = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      user += Number(fields[11]);
      system += Number(fields[12]);
    } catch {
      // ended meanwhile
    }
  }
  return { user: user * 10, system: system * 10 };
}

/** Write and read system calls of processes so far, from /proc/PID/io. */
function syscalls(pids: number[]): { writes: number; reads: number } {
  let writes = 0;
  let reads = 0;
  for (const pid of pids) {
    try {
      const io = readFileSync(`/proc/${pid}/io`, "utf8");
      writes += Number(/syscw: (\d+)/.exec(io)?.[1] ?? 0);
      reads += Number(/syscr: (\d+)/.exec(io)?.[1] ?? 0);
    } catch {
      // ended meanwhile, or not ours to read
    }
  }
  return { writes, reads };
}

/** "1.23 ms/run (user 0.9, system 0.33)" from two cpuMs readings. */
function perRun(before: { user: number; system: number }, after: typeof before, runs: number) {
  const user = (after.user - before.user) / runs;
  const system = (after.system - before.system) / runs;
  return `${(user + system).toFixed(2)} ms/run (user ${user.toFixed(2)}, system ${system.toFixed(2)})`;
}

await withBenchDatabase("postgres", url, async (database) => {
  const partners = await setup(database, 200);
  const databaseUrl = new URL(url);
  databaseUrl.pathname = `/${String(database.sql?.options.database)}`;
  if (process.env["PROBE_LOG_SQL"]) {
    // Every statement of the workers into the server log, with its duration (the log's %m
    // prefix has milliseconds): where a pass spends its time, statement by statement.
    const name = String(database.sql?.options.database);
    const pg = database.sql!;
    await pg`alter database ${pg(name)} set log_min_duration_statement = 0`;
  }
  const workers = await startWorkerProcesses(
    databaseUrl.toString(),
    processes,
    inlineRuns === undefined ? {} : { RUNTIME_INLINE_RUNS: inlineRuns },
  );
  try {
    // Warm-up: a second of load, not measured.
    const pace = async (r: number, s: number) => {
      const everyMs = Math.max(20, 1000 / r);
      const perTick = Math.max(1, Math.round((r * everyMs) / 1000));
      const total = Math.round(r * s);
      const t0 = performance.now();
      for (let sent = 0, i = 0; sent < total; i++) {
        const wait = t0 + i * everyMs - performance.now();
        if (wait > 0) await new Promise((res) => setTimeout(res, wait));
        const n = Math.min(perTick, total - sent);
        await recordEvents(
          database.db,
          Array.from({ length: n }, (_, j) => saleOf(partners[(sent + j) % partners.length]!)),
        );
        sent += n;
      }
      return total;
    };
    await pace(rate, 1);
    await new Promise((res) => setTimeout(res, 1000));
    const [{ seq } = { seq: "0" }] = await queryRows<{ seq: string }>(
      database.db,
      sql`select coalesce(max(seq), 0) as seq from events`,
    );
    const backends = async () =>
      (
        await queryRows<{ pid: number }>(
          database.db,
          sql`select pid from pg_stat_activity where datname = current_database()
              and application_name = 'partnerflow' and pid <> pg_backend_pid()`,
        )
      ).map((row) => row.pid);
    // Run under `nice -n -15` on a shared machine: the database backends serving this bench
    // get the same priority as the probe and its workers (root only; ignored otherwise).
    const priority = getPriority();
    if (priority < 0) {
      const all = await queryRows<{ pid: number }>(
        database.db,
        sql`select pid from pg_stat_activity where datname = current_database()`,
      );
      for (const { pid } of all) {
        try {
          setPriority(pid, priority);
        } catch {
          // not allowed: measure as is
        }
      }
    }
    const worker0 = cpuMs(workers.pids);
    const io0 = syscalls(workers.pids);
    const pg0 = cpuMs(await backends());
    const self0 = process.cpuUsage();
    const sent = await pace(rate, seconds);
    const self1 = process.cpuUsage(self0);
    console.log(
      `probe process (recording) CPU ${((self1.user + self1.system) / 1000 / sent).toFixed(2)} ms/event`,
    );
    for (;;) {
      const [row] = await queryRows<{ n: string }>(
        database.db,
        sql`select count(*) as n from runs r join events e on e.seq = r.order_seq
            where e.seq > ${Number(seq)} and e.type = 'sale.recorded' and r.finished_at is not null`,
      );
      if (Number(row?.n) >= sent) break;
      await new Promise((res) => setTimeout(res, 200));
    }
    // Backends of the bench process itself are counted too (its recording of the events).
    const workerCpu = perRun(worker0, cpuMs(workers.pids), sent);
    const io1 = syscalls(workers.pids);
    const pgCpu = perRun(pg0, cpuMs(await backends()), sent);
    const legs = await queryRows<Record<string, string>>(
      database.db,
      sql`with x as (
            select extract(epoch from r.created_at - e.recorded_at) * 1000 as dispatch,
                   extract(epoch from s.at - r.created_at) * 1000 as start,
                   extract(epoch from r.finished_at - s.at) * 1000 as exec,
                   extract(epoch from r.finished_at - e.recorded_at) * 1000 as total
            from events e join runs r on r.order_seq = e.seq
            join lateral (select min(at) as at from run_steps where run_id = r.id) s on true
            where e.seq > ${Number(seq)} and e.type = 'sale.recorded')
          select leg, round(percentile_cont(0.5) within group (order by v)::numeric, 1) as p50,
                 round(percentile_cont(0.9) within group (order by v)::numeric, 1) as p90,
                 round(percentile_cont(0.99) within group (order by v)::numeric, 1) as p99,
                 round(max(v)::numeric, 1) as max
          from x cross join lateral (values ('dispatch', dispatch), ('start', start),
            ('exec', exec), ('total', total)) as l(leg, v)
          group by leg order by leg`,
    );
    console.log(
      `${sent} sales at ${rate}/s into ${processes} worker process(es): worker CPU ` +
        `${workerCpu}, PostgreSQL CPU ${pgCpu} (incl. recording); worker system calls per run: ` +
        `${((io1.writes - io0.writes) / sent).toFixed(1)} writes, ${((io1.reads - io0.reads) / sent).toFixed(1)} reads`,
    );
    console.table(legs);
    // The dispatch transactions that executed runs (their runs share the transaction's
    // created_at): how many runs each executed and how long it took, start to commit.
    const passes = await queryRows<Record<string, string>>(
      database.db,
      sql`with p as (
            select count(*) as runs,
                   extract(epoch from max(r.finished_at) - r.created_at) * 1000 as ms
            from runs r join events e on e.seq = r.order_seq
            where e.seq > ${Number(seq)} and e.type = 'sale.recorded'
            group by r.created_at)
          select count(*) as passes,
                 round(avg(runs), 1) as "runs avg", max(runs) as "runs max",
                 round(percentile_cont(0.5) within group (order by ms)::numeric, 1) as "ms p50",
                 round(percentile_cont(0.9) within group (order by ms)::numeric, 1) as "ms p90",
                 round(percentile_cont(0.99) within group (order by ms)::numeric, 1) as "ms p99",
                 round(max(ms)::numeric, 1) as "ms max",
                 round(regr_intercept(ms, runs)::numeric, 2) as "ms fixed",
                 round(regr_slope(ms, runs)::numeric, 2) as "ms/run"
          from p`,
    );
    console.table(passes);
  } finally {
    await workers.stop();
  }
});

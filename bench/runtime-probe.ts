/**
 * `node --max-semi-space-size=64 --import tsx bench/runtime-probe.ts [runs] [postgres|pglite]
 * [claimBatch] [executeParallel] [inlineRuns]`: the
 * worker's cost per run of the runtime bench's workflow, in ONE process, measured in CPU time
 * (so it holds on a busy machine): sales recorded first, then `runUntilIdle` executes them.
 * Prints Node CPU ms/run, statements/run and wall runs/s. Not part of `npm run bench`: a tool
 * for comparing changes to the runtime's execution path.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { queryRows, type Database } from "@partnerflow/db";
import { recordEvents } from "@partnerflow/service";
import { runUntilIdle } from "@partnerflow/runtime";
import { withBenchDatabase } from "./lib.ts";
import { saleOf, setup } from "./runtime.ts";

const runs = Number(process.argv[2] ?? 1000);
const kind = process.argv[3] === "pglite" ? "pglite" : "postgres";
const limits = {
  ...(process.argv[4] ? { claimBatch: Number(process.argv[4]) } : {}),
  ...(process.argv[5] ? { executeParallel: Number(process.argv[5]) } : {}),
  ...(process.argv[6] ? { inlineRuns: Number(process.argv[6]) } : {}),
};
const url = "postgres://postgres@127.0.0.1:5432/test";

let statements = 0;
// eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound below with apply
const original = PgDialect.prototype.sqlToQuery;
PgDialect.prototype.sqlToQuery = function (...args) {
  statements++;
  return original.apply(this, args);
};

/** CPU ms of this database's PostgreSQL backends so far (Linux /proc; 0 on PGlite). */
async function backendCpuMs(database: Database): Promise<number> {
  if (database.kind !== "postgres") return 0;
  const rows = await queryRows<{ pid: number }>(
    database.db,
    sql`select pid from pg_stat_activity where datname = current_database()`,
  );
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime + stime
    } catch {
      // the backend ended meanwhile
    }
  }
  return ticks * 10; // USER_HZ = 100
}

await withBenchDatabase(kind, url, async (database) => {
  const partners = await setup(database, 200);
  const record = async (n: number) => {
    for (let i = 0; i < n; i += 250) {
      await recordEvents(
        database.db,
        Array.from({ length: Math.min(250, n - i) }, (_, j) => saleOf(partners[(i + j) % 200]!)),
      );
    }
  };
  await record(200);
  await runUntilIdle({ database, limits }); // warm-up
  await record(runs);
  statements = 0;
  const pg0 = await backendCpuMs(database);
  // PROBE_PROFILE=file.cpuprofile: a CPU profile of the measured part only.
  const profile = process.env["PROBE_PROFILE"];
  const session = profile ? new Session() : null;
  if (session) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await runUntilIdle({ database, limits });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const pgMs = (await backendCpuMs(database)) - pg0;
  if (session && profile) {
    const { profile: data } = await session.post("Profiler.stop");
    writeFileSync(profile, JSON.stringify(data));
  }
  console.log(
    `${kind} ${JSON.stringify(limits)}: ${runs} runs in ${ms.toFixed(0)} ms = ${Math.round((runs * 1000) / ms)} runs/s; ` +
      `Node CPU ${((cpu.user + cpu.system) / 1000 / runs).toFixed(2)} ms/run; ` +
      `PostgreSQL CPU ${(pgMs / runs).toFixed(2)} ms/run; ` +
      `${(statements / runs).toFixed(2)} statements/run`,
  );
});

/**
 * Demo-history load throughput, standalone (what the foundation bench's "demo load" does):
 *   npx tsx packages/demo/bench/load.ts postgres://postgres@127.0.0.1:5432/test [partners] [years]
 * A throwaway database is created next to the given one and dropped after. Prints the wall
 * time, this process's CPU time and the PostgreSQL backend's CPU time (from /proc, when the
 * server runs on this machine), so you can tell which side is the bottleneck.
 */
import { openMigratedDatabase } from "@partnerflow/db";
import { readFile } from "node:fs/promises";
import postgres from "postgres";
import { loadDemoHistory } from "../src/load.ts";

const [target = "postgres://postgres@127.0.0.1:5432/test", partnersArg = "5000", yearsArg = "3"] =
  process.argv.slice(2);

/**
 * user+system CPU seconds of a process on this machine (or of one of its threads), or null
 * when not readable.
 */
async function cpuSeconds(pid: number, thread?: number): Promise<number | null> {
  try {
    const path = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
    const stat = await readFile(path, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks, usually 100/s
  } catch {
    return null;
  }
}

const name = `pf_bench_${process.pid}`;
const admin = postgres(target, { max: 1, onnotice: () => {} });
await admin`CREATE DATABASE ${admin(name)}`;
const url = new URL(target);
url.pathname = `/${name}`;
const database = await openMigratedDatabase({ kind: "postgres", url: url.toString() });
try {
  const backends = new Set<number>();
  const watch = setInterval(() => {
    void admin`select pid from pg_stat_activity where datname = ${name}`.then((rows) => {
      for (const r of rows) backends.add(Number(r.pid));
    });
  }, 500);
  const main0 = await cpuSeconds(process.pid, process.pid);
  const cpu0 = process.cpuUsage();
  const r = await loadDemoHistory(database, {
    partners: Number(partnersArg),
    years: Number(yearsArg),
    seed: 42,
    endDate: new Date("2026-06-30T00:00:00.000Z"),
  });
  const cpu = process.cpuUsage(cpu0);
  const main1 = await cpuSeconds(process.pid, process.pid);
  clearInterval(watch);
  let pg = 0;
  for (const pid of backends) pg += (await cpuSeconds(pid)) ?? 0;
  console.log(
    `${r.events} events in ${(r.ms / 1000).toFixed(1)} s: ${Math.round((r.events * 1000) / r.ms)} events/s; ` +
      `node CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s ` +
      `(main thread ${main0 === null || main1 === null ? "n/a" : `${(main1 - main0).toFixed(1)} s`}), ` +
      `PostgreSQL backends CPU ${pg.toFixed(1)} s`,
  );
} finally {
  await database.close();
  await admin`DROP DATABASE IF EXISTS ${admin(name)} WITH (FORCE)`;
  await admin.end();
}

/**
 * Helpers of the HTTP ingestion bench: splitting a history into independent partner streams
 * and reading the CPU time spent by this process and by the PostgreSQL backends.
 */
import type { EventInput } from "@partnerflow/domain";
import type { Database } from "@partnerflow/db";
import { readFileSync } from "node:fs";

/**
 * Splits events into `n` streams that never depend on each other, as independent source
 * systems (or one system's partner shards) would send them: every event of a partner goes
 * to that partner's stream, and a lead created without a partner goes to the stream of the
 * partner it is later assigned to. Within a stream the order is kept.
 */
export function partnerStreams(events: readonly EventInput[], n: number): EventInput[][] {
  const leadPartner = new Map<string, string>();
  for (const e of events) {
    if (e.type === "lead.assigned" && e.partnerId) leadPartner.set(e.payload.leadId, e.partnerId);
  }
  const streams: EventInput[][] = Array.from({ length: n }, () => []);
  for (const e of events) {
    const key =
      e.partnerId ??
      (e.type === "lead.created"
        ? (leadPartner.get(e.payload.leadId) ?? e.payload.leadId)
        : e.idempotencyKey);
    streams[hash(key) % n]!.push(e);
  }
  return streams;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * user+system CPU seconds of a process on this machine (or of one of its threads), or null
 * when not readable.
 */
function procCpuSeconds(pid: number, thread?: number): number | null {
  try {
    const path = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
    const stat = readFileSync(path, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks, 100/s
  } catch {
    return null;
  }
}

export interface CpuSample {
  /** CPU seconds of this process (client and server: every thread, GC included). */
  node: number;
  /** CPU seconds of its main thread (JavaScript runs there); null when not readable. */
  mainThread: number | null;
  /** CPU seconds of the backends serving the bench database; null when not on this machine. */
  postgres: number | null;
}

/** Starts counting CPU; the returned function answers what was spent since. */
export async function cpuMeter(database: Database): Promise<() => Promise<CpuSample>> {
  const backends = async (): Promise<Map<number, number> | null> => {
    if (!database.sql) return null;
    const rows = await database.sql<{ pid: number }[]>`
      select pid from pg_stat_activity where datname = current_database()`;
    const out = new Map<number, number>();
    for (const r of rows) {
      const cpu = procCpuSeconds(Number(r.pid));
      if (cpu === null) return null;
      out.set(Number(r.pid), cpu);
    }
    return out;
  };
  const mainThread = (): number | null => procCpuSeconds(process.pid, process.pid);
  const node0 = process.cpuUsage();
  const main0 = mainThread();
  const pg0 = await backends();
  return async () => {
    const node = process.cpuUsage(node0);
    const main1 = mainThread();
    const pg1 = await backends();
    let postgres: number | null = null;
    if (pg0 && pg1) {
      postgres = 0;
      for (const [pid, cpu] of pg1) postgres += cpu - (pg0.get(pid) ?? 0);
    }
    return {
      node: (node.user + node.system) / 1e6,
      mainThread: main0 === null || main1 === null ? null : main1 - main0,
      postgres,
    };
  };
}

/**
 * Batch ingestion throughput: NDJSON text → parse, validate, record (what POST
 * /api/events/batch does minus the HTTP layer).
 *   npx tsx packages/service/bench/ingest.ts postgres://postgres@127.0.0.1:5432/test [events] [batch]
 *   npx tsx packages/service/bench/ingest.ts pglite [events] [batch]
 * On PostgreSQL a throwaway database is created next to the given one and dropped after, and
 * the CPU time of this process and of the PostgreSQL backends (from /proc, when the server
 * runs on this machine) is printed too: on a shared machine the CPU per event is a steadier
 * figure than the wall time.
 */
import { openMigratedDatabase, type Database } from "@partnerflow/db";
import { readFile } from "node:fs/promises";
import postgres from "postgres";
import { ingestNdjson } from "../src/ingest.ts";
import { prng } from "../src/test-support/history.ts";

const [target = "pglite", eventsArg = "100000", batchArg = "5000"] = process.argv.slice(2);
const TOTAL = Number(eventsArg);
const BATCH = Number(batchArg);
const PARTNERS = 1000;

/** user+system CPU seconds of a process on this machine, or 0 when not readable. */
async function cpuSeconds(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks, usually 100/s
  } catch {
    return 0;
  }
}

interface Opened {
  database: Database;
  drop: () => Promise<void>;
  /** CPU seconds used so far by the backends serving the database (PostgreSQL only). */
  backendCpu: () => Promise<number>;
}

async function open(): Promise<Opened> {
  if (target === "pglite") {
    const database = await openMigratedDatabase({ kind: "pglite", dataDir: "memory" });
    return { database, drop: async () => {}, backendCpu: () => Promise.resolve(0) };
  }
  const name = `pf_bench_${process.pid}`;
  const admin = postgres(target, { max: 1, onnotice: () => {} });
  await admin`CREATE DATABASE ${admin(name)}`;
  const url = new URL(target);
  url.pathname = `/${name}`;
  const database = await openMigratedDatabase({ kind: "postgres", url: url.toString() });
  return {
    database,
    backendCpu: async () => {
      const rows = await admin`select pid from pg_stat_activity where datname = ${name}`;
      let sum = 0;
      for (const r of rows) sum += await cpuSeconds(Number(r.pid));
      return sum;
    },
    drop: async () => {
      await admin`DROP DATABASE IF EXISTS ${admin(name)} WITH (FORCE)`;
      await admin.end();
    },
  };
}

function lines(): string[] {
  const rnd = prng(42);
  const out: string[] = [];
  const t0 = Date.parse("2025-01-01T00:00:00Z");
  for (let i = 0; i < PARTNERS; i++) {
    out.push(
      JSON.stringify({
        type: "partner.created",
        idempotencyKey: `bp-${i}`,
        partnerId: `bp-${i}`,
        occurredAt: new Date(t0 + i).toISOString(),
        payload: {
          name: `P${i}`,
          tier: "Silver",
          region: "EMEA",
          country: "DE",
          type: "distributor",
          status: "active",
        },
      }),
    );
  }
  for (let i = 0; i < TOTAL; i++) {
    const p = `bp-${Math.floor(rnd() * PARTNERS)}`;
    const at = new Date(t0 + 60_000 + i * 1000).toISOString();
    const r = rnd();
    const base = { idempotencyKey: `be-${i}`, partnerId: p, occurredAt: at };
    const ev =
      r < 0.5
        ? {
            ...base,
            type: "sale.recorded",
            payload: {
              saleId: `bs-${i}`,
              amount: { amount: "1250.50", currency: r < 0.25 ? "EUR" : "USD" },
              productLine: "premium",
              quantity: 3,
            },
          }
        : r < 0.7
          ? { ...base, type: "csat.recorded", payload: { responseId: `bc-${i}`, score: 4.5 } }
          : r < 0.85
            ? {
                ...base,
                type: "deal.registered",
                payload: {
                  dealId: `bd-${i}`,
                  customer: "C",
                  amount: { amount: "50000", currency: "USD" },
                  productLine: "core",
                },
              }
            : {
                ...base,
                type: "inventory.updated",
                payload: {
                  sku: `SKU-${i % 7}`,
                  level: Math.floor(rnd() * 100),
                  threshold: 30,
                  targetLevel: 120,
                  caseSize: 12,
                },
              };
    out.push(JSON.stringify(ev));
  }
  return out;
}

const { database, drop, backendCpu } = await open();
try {
  const all = lines();
  await ingestNdjson(database.db, all.slice(0, PARTNERS).join("\n"));
  const events = all.slice(PARTNERS);
  const pg0 = await backendCpu();
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < events.length; i += BATCH) {
    const res = await ingestNdjson(database.db, events.slice(i, i + BATCH).join("\n"));
    if (res.status !== 200) throw new Error(JSON.stringify(res.body).slice(0, 500));
  }
  const secs = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const node = (cpu.user + cpu.system) / 1e6;
  const pg = (await backendCpu()) - pg0;
  const us = (s: number): string => `${Math.round((s * 1e6) / events.length)} µs/event`;
  console.log(
    `${database.kind}: ${events.length} events in batches of ${BATCH}: ${secs.toFixed(2)} s, ${Math.round(events.length / secs)} events/s; ` +
      `CPU: node ${node.toFixed(2)} s (${us(node)}), PostgreSQL backends ${pg.toFixed(2)} s (${us(pg)})`,
  );
} finally {
  await database.close();
  await drop();
}

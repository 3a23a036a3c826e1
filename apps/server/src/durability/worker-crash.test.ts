import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@partnerflow/db";
import { createPostgresTestDatabase, hasTestPostgres } from "@partnerflow/db/testing";
import { recordEvents } from "@partnerflow/service";
import {
  partnerCreated,
  publishSaleWorkflow,
  sale,
  seededRandom,
  sleep,
  spawnCli,
  stopCli,
  tally,
  waitUntil,
  type CliProcess,
} from "./harness.ts";

/**
 * Crash test: 1,000 runs in flight, three real `partnerflow worker` processes, SIGKILLed at
 * seeded random moments and restarted until everything settles. Nothing may be lost (every
 * run completes) and nothing may happen twice (one ledger entry and one outbox row per run).
 */
const SEED = 20261123; // change to explore other kill schedules; failures print it
const PARTNERS = 100;
const SALES_PER_PARTNER = 10;
const EVENTS = PARTNERS * SALES_PER_PARTNER;
const WORKERS = 3;
const KILLS = 6;
const LEASE_MS = 1_500;
const PARTNER_IDS = Array.from({ length: PARTNERS }, (_, i) => `p${i}`);

describe.runIf(hasTestPostgres())("durability: SIGKILLed worker processes [postgres]", () => {
  let database: Database & { url: string };
  let workflowId: string;
  const workers: (CliProcess | null)[] = Array.from({ length: WORKERS }, () => null);
  const retired: CliProcess[] = [];

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    workflowId = await publishSaleWorkflow(database.db);
    await recordEvents(database.db, PARTNER_IDS.map(partnerCreated));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => (w ? stopCli(w, "SIGKILL") : Promise.resolve())));
    await database?.close();
  });

  function startWorker(slot: number): CliProcess {
    const w = spawnCli(
      `worker ${slot}`,
      ["worker", "--concurrency", "2"],
      { DATABASE_URL: database.url, RUNTIME_LEASE_MS: String(LEASE_MS), LOG_LEVEL: "warn" },
      /^Worker running/,
    );
    workers[slot] = w;
    return w;
  }

  /**
   * Runs this worker process holds right now. Counted right after its SIGKILL: runs it left
   * `running` under its lease, which only a takeover can finish.
   */
  async function heldBy(pid: number): Promise<number> {
    const [row] = await queryRows<{ n: string | number }>(
      database.db,
      sql`select count(*) as n from runs
          where status = 'running' and position(${`_${pid}_`} in lease_owner) > 0`,
    );
    return Number(row?.n ?? 0);
  }

  it(`completes all ${EVENTS} runs exactly once across ${KILLS} worker SIGKILLs (seed ${SEED})`, async () => {
    const random = seededRandom(SEED);
    const started = Date.now();
    await Promise.all(Array.from({ length: WORKERS }, (_, i) => startWorker(i).ready));
    const readyMs = Date.now() - started;

    // The sales arrive in waves (one per partner each) while the workers are being killed: a
    // batch of runs executes in milliseconds, so all 1,000 recorded up front would be done
    // before the third kill.
    let fed = false;
    const feeding = (async () => {
      for (let n = 0; n < SALES_PER_PARTNER; n++) {
        await recordEvents(
          database.db,
          PARTNER_IDS.map((p) => sale(p, n)),
        );
        await sleep(800 + Math.floor(random() * 800));
      }
      fed = true;
    })();

    // Kill a random READY worker (a restarting one is still loading) at a random moment — as
    // soon as it holds runs, so the kill lands on work in flight — restart its slot at once,
    // and keep going while work is left.
    const kills: { slot: number; atMs: number; orphaned: number }[] = [];
    const ready = new Set<CliProcess>(workers.filter((w) => w !== null));
    const track = (w: CliProcess) => void w.ready.then(() => ready.add(w)).catch(() => {});
    while (kills.length < KILLS) {
      await sleep(500 + Math.floor(random() * 1_500));
      if (fed && (await tally(database.db, workflowId)).completed >= EVENTS * 0.9) break;
      const candidates = [...ready];
      const victim = candidates[Math.floor(random() * candidates.length)];
      if (!victim) continue;
      const slot = workers.indexOf(victim);
      for (let waited = 0; waited < 3_000 && (await heldBy(victim.pid)) === 0; waited += 5) {
        await sleep(5);
      }
      ready.delete(victim);
      await stopCli(victim, "SIGKILL");
      kills.push({ slot, atMs: Date.now() - started, orphaned: await heldBy(victim.pid) });
      retired.push(victim);
      track(startWorker(slot));
    }
    await feeding;

    await waitUntil(`all ${EVENTS} runs settled (seed ${SEED})`, 150_000, async () => {
      const t = await tally(database.db, workflowId);
      return {
        done: t.runs === EVENTS && t.active === 0 && t.undelivered === 0,
        state: { ...t, kills },
      };
    });
    const t = await tally(database.db, workflowId);
    console.info(
      `worker crash test (seed ${SEED}): workers ready after ${readyMs} ms, ${kills.length} kills orphaning ${kills.reduce((n, k) => n + k.orphaned, 0)} runs, settled after ${Date.now() - started} ms`,
    );
    await Promise.all(workers.map((w) => (w ? stopCli(w, "SIGTERM") : Promise.resolve())));

    const context = `seed ${SEED}, kills ${JSON.stringify(kills)}`;
    expect(t.sales, context).toBe(EVENTS);
    expect(t.runs, `one run per event (${context})`).toBe(EVENTS);
    expect(t.distinctTriggers, context).toBe(EVENTS);
    expect(t.completed, `every run completed (${context})`).toBe(EVENTS);
    expect(t.other, `no failed/dead runs (${context})`).toBe(0);
    expect([t.ledger, t.ledgerRuns], `one ledger entry per run (${context})`).toEqual([
      EVENTS,
      EVENTS,
    ]);
    expect([t.outbox, t.outboxRuns], `one outbox row per run (${context})`).toEqual([
      EVENTS,
      EVENTS,
    ]);
    // The kills must have hit work in flight, or the test proved nothing about takeover.
    expect(kills.length, context).toBeGreaterThanOrEqual(3);
    expect(
      kills.reduce((sum, k) => sum + k.orphaned, 0),
      `runs orphaned by the kills (${context})`,
    ).toBeGreaterThan(0);
    const all = [...retired, ...workers.filter((w) => w !== null)];
    const errors = all.flatMap((w) => w.lines.filter((l) => /"level":"(error|warn)"/.test(l)));
    expect(errors, "workers logged errors").toEqual([]);
  }, 240_000);
});

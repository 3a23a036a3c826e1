import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { openMigratedDatabase, queryRows, type Database } from "@partnerflow/db";
import { hasTestPostgres } from "@partnerflow/db/testing";
import { recordEvents } from "@partnerflow/service";
import {
  partnerCreated,
  publishSaleWorkflow,
  sale,
  sleep,
  spawnCli,
  stopCli,
  tally,
  waitUntil,
  type CliProcess,
} from "./harness.ts";
import { startThrowawayCluster, type ThrowawayCluster } from "./throwaway-cluster.ts";

/**
 * Restart test: `partnerflow start` (API + in-process worker) and a `partnerflow worker`
 * process run against a throwaway PostgreSQL cluster while clients post events; the cluster
 * is restarted in the middle (`pg_ctl stop -m fast`, 1.5 s down, `pg_ctl start`). Clients retry a refused event with
 * the same idempotency key until it is accepted. Afterwards every event is there once, every
 * run completed once, and both processes are still running and kept working.
 *
 * It runs with the PostgreSQL suites (TEST_DATABASE_URL set, as in CI) but never touches that
 * server: the cluster it restarts is its own. Missing binaries fail the test, never skip it.
 */
const PARTNERS = 20;
const EVENTS = 300;
const SENDERS = 4;
const RESTART_AFTER = 100; // accepted events before the restart
const DOWN_MS = 1_500; // no server at all for this long: every worker loop sees the outage
const API_KEY = "durability-test-api-key-0123456789";

describe.runIf(hasTestPostgres())("durability: PostgreSQL restart under load", () => {
  let cluster: ThrowawayCluster | undefined;
  let database: Database | undefined;
  let server: CliProcess | undefined;
  let worker: CliProcess | undefined;

  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    database = await openMigratedDatabase({ kind: "postgres", url: cluster.url, max: 3 });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([server, worker].map((p) => (p ? stopCli(p, "SIGKILL") : Promise.resolve())));
    await database?.close().catch(() => {});
    await cluster?.destroy();
  });

  it("loses no event and no run, duplicates nothing, and both processes reconnect", async () => {
    if (!cluster || !database) throw new Error("throwaway cluster not started");
    const db = database.db;
    const workflowId = await publishSaleWorkflow(db);
    const partners = Array.from({ length: PARTNERS }, (_, i) => `r${i}`);
    await recordEvents(db, partners.map(partnerCreated));

    const env = {
      DATABASE_URL: cluster.url,
      PARTNERFLOW_API_KEY: API_KEY,
      RUNTIME_LEASE_MS: "2000",
      LOG_LEVEL: "info",
    };
    server = spawnCli(
      "server",
      ["start", "--port", "0", "--skip-demo"],
      env,
      /Partnerflow is running at/,
    );
    worker = spawnCli("worker", ["worker", "--concurrency", "1"], env, /^Worker running/);
    onTestFailed(() => {
      for (const p of [server, worker]) {
        if (p) console.error(`--- ${p.name} (last lines)\n${p.lines.slice(-30).join("\n")}`);
      }
    });
    const [banner] = await Promise.all([server.ready, worker.ready]);
    const baseUrl = /(http:\/\/\S+)/.exec(banner)?.[1];
    if (!baseUrl) throw new Error(`no URL in the server banner: ${banner}`);

    // Senders post sale events one by one; a refused or failed request is retried with the
    // same event (same idempotency key) until the server accepts it.
    const queue = Array.from({ length: EVENTS }, (_, i) => sale(partners[i % PARTNERS]!, i));
    const accepted: { key: string; afterRestart: boolean }[] = [];
    let refusals = 0;
    let restarted = false;
    let restartedAt = "";
    const api = server;
    const post = async (event: (typeof queue)[number]) => {
      for (;;) {
        if (api.child.exitCode !== null || api.child.signalCode !== null) {
          throw new Error(`the server died:\n${api.lines.slice(-20).join("\n")}`);
        }
        const restartedBefore = restarted;
        try {
          const res = await fetch(`${baseUrl}/api/events`, {
            method: "POST",
            headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
            body: JSON.stringify(event),
            signal: AbortSignal.timeout(15_000),
          });
          if (res.status === 200) {
            accepted.push({ key: event.idempotencyKey, afterRestart: restartedBefore });
            return;
          }
          const text = await res.text();
          // 5xx means "try again"; anything else is a mistake of the test, not an outage.
          if (res.status < 500) throw new Error(`event refused with ${res.status}: ${text}`);
        } catch (err) {
          if (err instanceof Error && err.message.startsWith("event refused")) throw err;
          // connection refused / reset: retry like any client would
        }
        refusals++;
        await sleep(100);
      }
    };
    const senders = Array.from({ length: SENDERS }, async () => {
      for (let event = queue.shift(); event; event = queue.shift()) await post(event);
    });
    const restart = (async () => {
      while (accepted.length < RESTART_AFTER) await sleep(20);
      await cluster.restart(DOWN_MS);
      restarted = true;
      restartedAt = new Date().toISOString(); // same machine: the database clock agrees
    })();
    await Promise.all([...senders, restart]);

    const keys = accepted.map((a) => a.key);
    expect(new Set(keys).size, "every event accepted once").toBe(EVENTS);
    expect(accepted.filter((a) => !a.afterRestart).length).toBeGreaterThanOrEqual(RESTART_AFTER);
    expect(
      accepted.some((a) => a.afterRestart),
      "events accepted after the restart",
    ).toBe(true);
    expect(refusals, "the restart interrupted the load").toBeGreaterThan(0);

    await waitUntil("every run settled after the restart", 90_000, async () => {
      const t = await tally(db, workflowId).catch((e: unknown) => ({ error: String(e) }));
      const done = "runs" in t && t.runs === EVENTS && t.active === 0 && t.undelivered === 0;
      return { done, state: t };
    });
    const [events] = await queryRows<{ n: number | string; keys: number | string }>(
      db,
      sql`select count(*) as n, count(distinct idempotency_key) as keys from events
            where type = 'sale.recorded' and idempotency_key in ${keys}`,
    );
    expect([Number(events?.n), Number(events?.keys)], "every accepted event stored once").toEqual([
      EVENTS,
      EVENTS,
    ]);
    const t = await tally(db, workflowId);
    expect(t.sales).toBe(EVENTS);
    expect([t.runs, t.distinctTriggers, t.completed, t.other]).toEqual([EVENTS, EVENTS, EVENTS, 0]);
    expect([t.ledger, t.ledgerRuns], "one ledger entry per run").toEqual([EVENTS, EVENTS]);
    expect([t.outbox, t.outboxRuns], "one outbox row per run").toEqual([EVENTS, EVENTS]);

    // Both processes lived through the outage. (Whether a loop logs "runtime recovered"
    // depends on timing — a loop idle or between passes during the 1.5 s outage never sees an
    // error — so the proof of reconnection is the work done after it, checked below.)
    for (const p of [server, worker]) {
      expect(p.child.exitCode, `${p.name} still running`).toBeNull();
    }
    // Work went on after the restart: runs finished after the database came back.
    const [late] = await queryRows<{ n: number | string }>(
      db,
      sql`select count(*) as n from runs
            where workflow_id = ${workflowId} and finished_at > ${restartedAt}::timestamptz`,
    );
    expect(Number(late?.n), "runs finished after the restart").toBeGreaterThan(0);
    console.info(
      `PostgreSQL restart test: ${EVENTS} events, ${refusals} refused/failed requests retried, ${accepted.filter((a) => a.afterRestart).length} accepted after the restart`,
    );
  }, 180_000);
});

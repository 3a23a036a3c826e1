import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Db } from "@partnerflow/db";
import type { EventInput } from "@partnerflow/domain";
import { activateWorkflow, createWorkflow, publishWorkflow } from "@partnerflow/runtime";

/** Test-only helpers of the durability tests: real CLI processes, a checkable workflow, counts. */

const BIN = fileURLToPath(new URL("../../bin/partnerflow.mjs", import.meta.url));
const SERVER_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** mulberry32: a seeded generator, so a failing kill schedule can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise<void>((res) => setTimeout(res, ms));

/** One `partnerflow …` child process with its output kept for assertions and diagnostics. */
export interface CliProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** Every stdout/stderr line so far. */
  readonly lines: string[];
  /** Resolves with the first line matching `ready` (rejects if the process exits first). */
  readonly ready: Promise<string>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
}

/**
 * Spawns the real CLI entry (`node apps/server/bin/partnerflow.mjs …`, which registers tsx)
 * with exactly the environment given: nothing is inherited, so the test decides the database.
 */
export function spawnCli(
  name: string,
  args: readonly string[],
  env: Record<string, string>,
  ready: RegExp,
): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: SERVER_DIR,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`${name}: could not spawn ${BIN}`);
  const lines: string[] = [];
  let onLine: ((line: string) => void) | null = null;
  const exited = new Promise<void>((res) => child.once("exit", () => res()));
  const readyLine = new Promise<string>((resolve, reject) => {
    onLine = (line) => {
      if (ready.test(line)) resolve(line);
    };
    void exited.then(() =>
      reject(new Error(`${name} exited before it was ready:\n${lines.slice(-20).join("\n")}`)),
    );
  });
  readyLine.catch(() => {}); // observed by whoever awaits it
  for (const stream of [child.stdout, child.stderr]) {
    let rest = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        onLine?.(line);
      }
    });
  }
  return { name, child, pid: child.pid, lines, ready: readyLine, exited };
}

/** Stops a CLI process: `signal`, then SIGKILL if it has not exited after `graceMs`. */
export async function stopCli(p: CliProcess, signal: NodeJS.Signals, graceMs = 10_000) {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill(signal);
  const timer = setTimeout(() => p.child.kill("SIGKILL"), graceMs);
  await p.exited;
  clearTimeout(timer);
}

/**
 * sale.recorded → issue a $10 rebate → email the partner: every run leaves one ledger entry
 * (internal effect, exactly once) and one outbox row (external effect, once per run), so
 * lost and duplicated work are both countable.
 */
export async function publishSaleWorkflow(db: Db): Promise<string> {
  const graph = {
    nodes: [
      {
        id: "t",
        type: "trigger.event",
        typeVersion: 1,
        config: { eventType: "sale.recorded" },
        position: { x: 0, y: 0 },
      },
      {
        id: "reward",
        type: "action.issue_reward",
        typeVersion: 1,
        config: {
          rewardKind: "rebate",
          amount: { mode: "fixed", money: { amount: "10.00", currency: "USD" } },
          status: "pending",
          reason: "per sale",
        },
        position: { x: 1, y: 0 },
      },
      {
        id: "email",
        type: "action.send_email",
        typeVersion: 1,
        config: { to: "partner", template: "thanks", subject: "Thanks", body: "Sale counted." },
        position: { x: 2, y: 0 },
      },
    ],
    edges: [
      { id: "e1", source: "t", sourcePort: "out", target: "reward", targetPort: "in" },
      { id: "e2", source: "reward", sourcePort: "out", target: "email", targetPort: "in" },
    ],
  };
  const { id } = await createWorkflow(db, { name: "durability: reward + email", graph });
  const { version } = await publishWorkflow(db, { id, note: "durability test" });
  await activateWorkflow(db, { id, version });
  return id;
}

export function partnerCreated(id: string): EventInput {
  return {
    type: "partner.created",
    idempotencyKey: `created-${id}`,
    partnerId: id,
    occurredAt: "2026-02-01T10:00:00Z",
    payload: {
      name: `Partner ${id}`,
      tier: "Registered",
      region: "EMEA",
      country: "DE",
      type: "reseller",
      status: "active",
    },
  };
}

/** Sale number `n` of a partner; the idempotency key is the sale id. */
export function sale(partnerId: string, n: number): EventInput {
  const key = `sale-${partnerId}-${n}`;
  return {
    type: "sale.recorded",
    idempotencyKey: key,
    partnerId,
    occurredAt: new Date(Date.UTC(2026, 1, 2, 10, 0, n)).toISOString(),
    payload: { saleId: key, amount: { amount: "100.00", currency: "USD" }, productLine: "core" },
  };
}

const count = z.coerce.number().int();
/** What the durability tests count (bigint counts arrive as strings). */
export const Tally = z.object({
  sales: count,
  runs: count,
  distinctTriggers: count,
  completed: count,
  /** queued or running: work not finished yet. */
  active: count,
  /** failed, dead, cancelled or parked: should never happen in these tests. */
  other: count,
  ledger: count,
  ledgerRuns: count,
  outbox: count,
  outboxRuns: count,
  undelivered: count,
});
export type Tally = z.infer<typeof Tally>;

/** Counts events, runs and effects of the workflow in one statement. */
export async function tally(db: Db, workflowId: string): Promise<Tally> {
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`with r as (select id, status, trigger_key from runs where workflow_id = ${workflowId})
        select
          (select count(*) from events where type = 'sale.recorded') as "sales",
          (select count(*) from r) as "runs",
          (select count(distinct trigger_key) from r) as "distinctTriggers",
          (select count(*) from r where status = 'completed') as "completed",
          (select count(*) from r where status in ('queued', 'running')) as "active",
          (select count(*) from r where status not in ('queued', 'running', 'completed')) as "other",
          (select count(*) from reward_ledger where run_id in (select id from r)) as "ledger",
          (select count(distinct run_id) from reward_ledger where run_id in (select id from r))
            as "ledgerRuns",
          (select count(*) from outbox where run_id in (select id from r)) as "outbox",
          (select count(distinct run_id) from outbox where run_id in (select id from r))
            as "outboxRuns",
          (select count(*) from outbox where run_id in (select id from r)
            and status not in ('delivered', 'delivered_local')) as "undelivered"`,
  );
  return Tally.parse(row);
}

/** Polls `check` until it answers true; fails naming `what` and the last state after `ms`. */
export async function waitUntil(
  what: string,
  ms: number,
  check: () => Promise<{ done: boolean; state: unknown }>,
): Promise<void> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    const { done, state } = await check();
    if (done) return;
    last = state;
    await sleep(250);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}; last: ${JSON.stringify(last)}`);
}

import { hostname } from "node:os";
import type { Database } from "@partnerflow/db";
import { dispatch, type Dispatched } from "./engine/dispatch.ts";
import { claimRuns, executeRuns, heartbeat } from "./engine/execute.ts";
import { deliverOutbox, type DeliveryOptions } from "./engine/outbox.ts";
import { fireSchedules } from "./engine/schedules.ts";
import { wakeDue } from "./engine/wake.ts";
import { Waker } from "./engine/waker.ts";
import { newId } from "./ids.ts";
import {
  DEFAULT_RUNTIME_LIMITS,
  silentLogger,
  type RuntimeLimits,
  type RuntimeLogger,
  type RuntimeResources,
} from "./resources.ts";

export interface RuntimeOptions {
  database: Database;
  logger?: RuntimeLogger;
  /** Injected clock (tests); default: the database clock. */
  clock?: () => Date;
  limits?: Partial<RuntimeLimits>;
  delivery?: DeliveryOptions;
  workerId?: string;
}

/** The shared resources of every runtime system, from options. */
export function runtimeResources(
  opts: RuntimeOptions,
): RuntimeResources & { delivery: DeliveryOptions } {
  return {
    database: opts.database,
    logger: opts.logger ?? silentLogger,
    clock: opts.clock,
    limits: { ...DEFAULT_RUNTIME_LIMITS, ...opts.limits },
    workerId: opts.workerId ?? newId(`w_${hostname().slice(0, 20)}_${process.pid}`),
    delivery: opts.delivery ?? {},
  };
}

/**
 * One pass of every system: dispatch new events, wake due parked runs, fire schedules,
 * execute claimed runs, deliver the outbox. Answers how much work it found (0 = idle).
 * `timers: false` skips waking due runs and firing schedules (long-running loops do those at
 * most once a second (`timersMs`): they are due by the second, not by the event).
 */
export async function tick(
  r: RuntimeResources & { delivery: DeliveryOptions },
  opts: { timers?: boolean } = {},
): Promise<number> {
  const plan = { dispatch: true, timers: opts.timers ?? true, claim: true, outbox: true };
  return (await pass(r, plan)).work;
}

/** Which optional parts a pass does (a claim also runs when the dispatch queued runs). */
interface PassPlan {
  dispatch: boolean;
  timers: boolean;
  claim: boolean;
  outbox: boolean;
}

/**
 * One pass (see `tick`). `more` says whether work may be left that nothing will announce: a
 * limit cut the pass short, or executed runs may have unblocked later runs of their partner.
 * A loop whose pass has nothing more, and saw no notification meanwhile, can sleep at once.
 */
async function pass(
  r: RuntimeResources & { delivery: DeliveryOptions },
  plan: PassPlan,
): Promise<{ work: number; more: boolean; delivered: number; contended: boolean }> {
  // Dispatch and the timers are separate transactions with nothing in common: side by side
  // (PostgreSQL runs them on two pooled connections; PGlite takes them in turn).
  const timers = async () => (await wakeDue(r)) + (await fireSchedules(r));
  const skipped: Dispatched = { events: 0, queued: 0, executed: 0 };
  const [dispatched, timed] = await Promise.all([
    plan.dispatch ? dispatch(r) : skipped,
    plan.timers ? timers() : 0,
  ]);
  const execute = async () => {
    if (!plan.claim && dispatched.queued === 0 && timed === 0) return 0;
    const ids = await claimRuns(r);
    const beat = setInterval(() => void heartbeat(r, ids).catch(() => {}), r.limits.leaseMs / 3);
    try {
      await executeRuns(r, ids);
    } finally {
      clearInterval(beat);
    }
    return ids.length;
  };
  // The outbox pass sends what earlier passes committed: it need not wait for this one's runs.
  const [claimed, delivered] = await Promise.all([
    execute(),
    plan.outbox ? deliverOutbox(r, r.delivery, OUTBOX_BATCH) : 0,
  ]);
  return {
    work: dispatched.events + dispatched.executed + timed + claimed + delivered,
    more:
      timed > 0 ||
      claimed > 0 ||
      dispatched.events >= r.limits.dispatchBatch ||
      delivered >= OUTBOX_BATCH,
    delivered,
    contended: dispatched.contended === true,
  };
}

const OUTBOX_BATCH = 50;

/** Runs passes until one finds nothing to do (tests, CLI one-shots). */
export async function runUntilIdle(opts: RuntimeOptions, maxPasses = 10_000): Promise<number> {
  const r = runtimeResources(opts);
  let total = 0;
  for (let i = 0; i < maxPasses; i++) {
    const work = await tick(r);
    total += work;
    if (work === 0) return total;
  }
  throw new Error(`runtime did not become idle in ${maxPasses} passes`);
}

const sleep = (ms: number) => new Promise<void>((res) => setTimeout(res, ms));

export interface RuntimeHandle {
  /** Stops the workers after their current pass. */
  stop(): Promise<void>;
}

/**
 * Starts `workers` worker loops in this process (default 1). Each loop runs passes back to
 * back while there is work; when idle it sleeps until the database notifies a new event or
 * run (LISTEN/NOTIFY), or at most `pollMs`. On PGlite the loops share one connection, so
 * they take turns; on PostgreSQL they claim different runs.
 */
export function startRuntime(
  opts: RuntimeOptions & {
    workers?: number;
    pollMs?: number;
    /** How often due waits, approval timeouts and schedules are checked (default 1 s). */
    timersMs?: number;
  },
): RuntimeHandle {
  let stopping = false;
  const pollMs = opts.pollMs ?? 100;
  // Waits, timeouts and schedules are due by the second: checking them every pass would put a
  // few statements beside every event's run for nothing.
  const timersMs = opts.timersMs ?? Math.max(pollMs, 1_000);
  const logger = opts.logger ?? silentLogger;
  const waker = new Waker();
  const listening = waker.listen(opts.database, logger);
  const loops = Array.from({ length: Math.max(1, opts.workers ?? 1) }, async (_, i) => {
    await listening;
    const r = runtimeResources({
      ...opts,
      ...(opts.workerId ? { workerId: `${opts.workerId}-${i}` } : {}),
    });
    // Consecutive failed passes: logged as they happen, and once more when a pass works
    // again, so an operator sees the outage end (the database came back), not only begin.
    let failures = 0;
    let failingSince = 0;
    let timersAt = -Infinity;
    // A claim and an outbox pass each cost a statement; most passes have nothing for them (a
    // dispatcher's inline runs need no claim). They run when something may be there: runs
    // were queued or inserted elsewhere (notified), the last one found work, or at least
    // once per poll interval (expired leases, retries, backoffs, webhooks).
    let claimWanted = true;
    let claimAt = -Infinity;
    let runsSeen = -1;
    let outboxWanted = true;
    let outboxAt = -Infinity;
    // The cursor lets one dispatcher read the log at a time. A loop that found it held by
    // another process leaves dispatch to that one for a poll interval (it still claims what
    // that one queues), instead of racing it for the lock on every notification; if the
    // holder dies, the next try after the interval takes over.
    let dispatchAfter = -Infinity;
    // Due runs and schedules are checked once per `timersMs`, BESIDE the passes:
    // a slow schedule scan never delays the next event's run. What they queue wakes the loops.
    let timers: Promise<void> | null = null;
    const checkTimers = async () => {
      try {
        if ((await wakeDue(r)) + (await fireSchedules(r)) > 0) {
          claimWanted = true;
          waker.wakeAll();
        }
      } catch (err) {
        // While passes fail too, the outage is already being reported.
        if (failures === 0) {
          logger.error("runtime timers failed", {
            loop: i,
            error: err instanceof Error ? err.message : String(err),
          });
        }
      } finally {
        timers = null;
      }
    };
    while (!stopping) {
      let work = 0;
      let more = true;
      const seen = waker.notified;
      if (timers === null && performance.now() - timersAt >= timersMs) {
        timersAt = performance.now();
        timers = checkTimers();
      }
      try {
        const now = performance.now();
        const claim = claimWanted || waker.runsNotified !== runsSeen || now - claimAt >= pollMs;
        const outbox = outboxWanted || now - outboxAt >= pollMs;
        if (claim) {
          claimAt = now;
          runsSeen = waker.runsNotified;
          claimWanted = false;
        }
        if (outbox) outboxAt = now;
        const dispatchNow = now >= dispatchAfter;
        const done = await pass(r, { dispatch: dispatchNow, timers: false, claim, outbox });
        if (done.contended) dispatchAfter = performance.now() + pollMs;
        ({ work, more } = done);
        // Claimed runs may have unblocked later runs of their partner: claim again.
        claimWanted ||= more;
        outboxWanted = done.delivered > 0;
        if (failures > 0) {
          logger.info("runtime recovered", {
            loop: i,
            failedPasses: failures,
            downMs: Date.now() - failingSince,
          });
          failures = 0;
        }
      } catch (err) {
        if (failures++ === 0) failingSince = Date.now();
        logger.error("runtime pass failed", {
          loop: i,
          failedPasses: failures,
          error: err instanceof Error ? err.message : String(err),
        });
        // The database is down or restarting: back off (up to 2 s) instead of spinning.
        if (!stopping) await sleep(Math.min(2_000, pollMs * 2 ** Math.min(failures, 5)));
        continue;
      }
      // Nothing found, or nothing left that will not announce itself (new events and runs
      // notify; a notification since the pass began ends the sleep at once).
      if ((work === 0 || !more) && !stopping) await waker.sleep(pollMs, seen);
    }
    await timers;
  });
  logger.info("runtime started", { workers: loops.length });
  return {
    async stop() {
      stopping = true;
      waker.wakeAll();
      await Promise.all(loops);
      await waker.close();
    },
  };
}

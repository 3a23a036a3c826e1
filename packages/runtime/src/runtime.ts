import { hostname } from "node:os";
import type { Database } from "@partnerflow/db";
import { dispatchOnce } from "./engine/dispatch.ts";
import { claimRuns, executeRuns, heartbeat } from "./engine/execute.ts";
import { deliverOutbox, type DeliveryOptions } from "./engine/outbox.ts";
import { fireSchedules } from "./engine/schedules.ts";
import { wakeDue } from "./engine/wake.ts";
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
 * most once per poll interval: they are due by the second, not by the event).
 */
export async function tick(
  r: RuntimeResources & { delivery: DeliveryOptions },
  opts: { timers?: boolean } = {},
): Promise<number> {
  // Dispatch and the timers are separate transactions with nothing in common: side by side
  // (PostgreSQL runs them on two pooled connections; PGlite takes them in turn).
  const timers = async () => (await wakeDue(r)) + (await fireSchedules(r));
  const found = await Promise.all([dispatchOnce(r), (opts.timers ?? true) ? timers() : 0]);
  const work = found[0] + found[1];
  const execute = async () => {
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
  const done = await Promise.all([execute(), deliverOutbox(r, r.delivery)]);
  return work + done[0] + done[1];
}

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

/** The channel the database notifies on inserted events and runs (migration 0002). */
export const RUNTIME_CHANNEL = "partnerflow_runtime";

/**
 * Wakes idle worker loops early: LISTEN on the runtime channel (postgres.js opens one extra
 * connection for it; PGlite delivers its own notifications). Polling stays as the fallback, so
 * a lost notification only costs one poll interval.
 */
class Waker {
  private waiting = new Set<() => void>();
  private stopListening: (() => Promise<void>) | null = null;
  /** Notifications received so far: a loop that saw one during its pass does not sleep. */
  notified = 0;

  async listen(database: Database, logger: RuntimeLogger): Promise<void> {
    const wake = () => {
      this.notified++;
      this.wakeAll();
    };
    try {
      if (database.sql) {
        const listener = await database.sql.listen(RUNTIME_CHANNEL, wake);
        this.stopListening = () => listener.unlisten();
      } else if (database.pglite) {
        const unlisten = await database.pglite.listen(RUNTIME_CHANNEL, wake);
        this.stopListening = unlisten;
      }
    } catch (err) {
      logger.warn("runtime LISTEN failed, polling only", {
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }

  /** Resolves after `ms`, or sooner when the database notifies (or notified since `seen`). */
  sleep(ms: number, seen: number): Promise<void> {
    if (this.notified !== seen) return Promise.resolve();
    return new Promise((res) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(done);
        res();
      };
      const timer = setTimeout(done, ms);
      this.waiting.add(done);
    });
  }

  wakeAll(): void {
    for (const done of [...this.waiting]) done();
  }

  async close(): Promise<void> {
    this.wakeAll();
    await this.stopListening?.().catch(() => {});
  }
}

/**
 * Starts `workers` worker loops in this process (default 1). Each loop runs passes back to
 * back while there is work; when idle it sleeps until the database notifies a new event or
 * run (LISTEN/NOTIFY), or at most `pollMs`. On PGlite the loops share one connection, so
 * they take turns; on PostgreSQL they claim different runs.
 */
export function startRuntime(
  opts: RuntimeOptions & { workers?: number; pollMs?: number },
): RuntimeHandle {
  let stopping = false;
  const pollMs = opts.pollMs ?? 100;
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
    // Due runs and schedules are checked at most once per poll interval, BESIDE the passes:
    // a slow schedule scan never delays the next event's run. What they queue wakes the loops.
    let timers: Promise<void> | null = null;
    const checkTimers = async () => {
      try {
        if ((await wakeDue(r)) + (await fireSchedules(r)) > 0) waker.wakeAll();
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
      const seen = waker.notified;
      if (timers === null && performance.now() - timersAt >= pollMs) {
        timersAt = performance.now();
        timers = checkTimers();
      }
      try {
        work = await tick(r, { timers: false });
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
      if (work === 0 && !stopping) await waker.sleep(pollMs, seen);
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

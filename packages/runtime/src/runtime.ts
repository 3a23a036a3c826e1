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
 */
export async function tick(r: RuntimeResources & { delivery: DeliveryOptions }): Promise<number> {
  let work = 0;
  work += await dispatchOnce(r);
  work += await wakeDue(r);
  work += await fireSchedules(r);
  const ids = await claimRuns(r);
  const beat = setInterval(() => void heartbeat(r, ids).catch(() => {}), r.limits.leaseMs / 3);
  try {
    await executeRuns(r, ids);
  } finally {
    clearInterval(beat);
  }
  work += ids.length;
  work += await deliverOutbox(r, r.delivery);
  return work;
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

export interface RuntimeHandle {
  /** Stops the workers after their current pass. */
  stop(): Promise<void>;
}

/**
 * Starts `workers` worker loops in this process (default 1). Each loop runs passes back to
 * back while there is work and polls every `pollMs` when idle. On PGlite the loops share one
 * connection, so they take turns; on PostgreSQL they claim different runs.
 */
export function startRuntime(
  opts: RuntimeOptions & { workers?: number; pollMs?: number },
): RuntimeHandle {
  let stopping = false;
  const pollMs = opts.pollMs ?? 100;
  const logger = opts.logger ?? silentLogger;
  const loops = Array.from({ length: Math.max(1, opts.workers ?? 1) }, async (_, i) => {
    const r = runtimeResources({
      ...opts,
      ...(opts.workerId ? { workerId: `${opts.workerId}-${i}` } : {}),
    });
    // Consecutive failed passes (database down or restarting): back off up to 2 s, and say
    // when the loop works again, so an operator sees the outage end, not only begin.
    let failures = 0;
    let failingSince = 0;
    while (!stopping) {
      let work = 0;
      let wait = pollMs;
      try {
        work = await tick(r);
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
        wait = Math.min(2_000, pollMs * 2 ** Math.min(failures, 5));
        logger.error("runtime pass failed", {
          loop: i,
          failedPasses: failures,
          retryInMs: wait,
          error: err instanceof Error ? err.message : String(err),
        });
      }
      if (work === 0 && !stopping) await new Promise((res) => setTimeout(res, wait));
    }
  });
  logger.info("runtime started", { workers: loops.length });
  return {
    async stop() {
      stopping = true;
      await Promise.all(loops);
    },
  };
}

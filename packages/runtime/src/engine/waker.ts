import type { Database } from "@partnerflow/db";
import type { RuntimeLogger } from "../resources.ts";
import { forgetInterest } from "./interest.ts";

/** The channel the database notifies on inserted events and runs (migration 0002). */
export const RUNTIME_CHANNEL = "partnerflow_runtime";

/**
 * Wakes idle worker loops early: LISTEN on the runtime channel (postgres.js opens one extra
 * connection for it; PGlite delivers its own notifications). Polling stays as the fallback, so
 * a lost notification only costs one poll interval.
 */
export class Waker {
  private waiting = new Set<() => void>();
  private stopListening: (() => Promise<void>) | null = null;
  /** Notifications received so far: a loop that saw one during its pass does not sleep. */
  notified = 0;
  /** Of those, the ones for inserted runs (the payload is the table's name). */
  runsNotified = 0;

  async listen(database: Database, logger: RuntimeLogger): Promise<void> {
    const wake = (payload: string) => {
      this.notified++;
      if (payload === "runs") this.runsNotified++;
      // A version was activated or deactivated (migration 0004).
      if (payload === "workflow_triggers") forgetInterest(database);
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

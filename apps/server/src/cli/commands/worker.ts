import { z } from "zod";
import { startRuntime } from "@partnerflow/runtime";
import { runtimeLimits } from "../../env.ts";
import { createLogger } from "../../logger.ts";
import { defineCommand, NoPositionals } from "../command.ts";
import { describeDatabase, openFromEnv } from "../database.ts";

export const workerCommand = defineCommand({
  name: "worker",
  summary: "Run workflow workers (dispatch, runs, timers, schedules, outbox) against the database",
  usage: "partnerflow worker [--concurrency N]",
  options: z.strictObject({
    concurrency: z.coerce
      .number({ error: "concurrency must be a number" })
      .int("concurrency must be a whole number")
      .min(1, "concurrency must be between 1 and 64")
      .max(64, "concurrency must be between 1 and 64")
      .default(2),
  }),
  positionals: NoPositionals,
  flagHelp: { concurrency: "Worker loops in this process (default 2)" },
  examples: [
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/partnerflow partnerflow worker --concurrency 4",
  ],
  async run({ flags }, io) {
    const env = io.env();
    const logger = createLogger(env.LOG_LEVEL);
    const database = await openFromEnv(env);
    if (database.kind === "pglite") {
      io.err(
        "partnerflow worker needs DATABASE_URL (PostgreSQL): the embedded database serves one process, where `start` already runs workers.",
      );
      await database.close();
      return 1;
    }
    const runtime = startRuntime({
      database,
      logger,
      workers: flags.concurrency,
      limits: runtimeLimits(env),
      delivery: { smtpUrl: env.SMTP_URL },
    });
    io.out(`Worker running with ${flags.concurrency} loop(s) on ${describeDatabase(env)}`);
    const signal = await io.stopSignal();
    logger.info("worker stopping", { signal });
    await runtime.stop();
    await database.close();
    return 0;
  },
});

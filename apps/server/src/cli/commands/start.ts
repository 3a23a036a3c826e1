import { z } from "zod";
import { loadDemoHistory } from "@partnerflow/demo";
import { startRuntime } from "@partnerflow/runtime";
import { runtimeLimits } from "../../env.ts";
import { createLogger } from "../../logger.ts";
import { startServer } from "../../http/server.ts";
import { defineCommand, NoPositionals } from "../command.ts";
import { DEFAULT_DEMO, describeDatabase, isEmpty, openFromEnv } from "../database.ts";

export const startCommand = defineCommand({
  name: "start",
  summary: "Migrate, load the demo on a fresh embedded database, and serve the app and API",
  usage: "partnerflow start [--port N] [--host ADDR] [--skip-demo]",
  options: z.strictObject({
    port: z.coerce
      .number({ error: "port must be a number" })
      .int("port must be a whole number")
      .min(0, "port must be between 0 and 65535")
      .max(65535, "port must be between 0 and 65535")
      .optional(),
    host: z.string().min(1, "host must not be empty").optional(),
    "skip-demo": z.boolean().default(false),
  }),
  positionals: NoPositionals,
  flagHelp: {
    port: "Port to listen on (default: PORT or 3000; 0 picks a free one)",
    host: "Address to bind (default: HOST or 127.0.0.1)",
    "skip-demo": "Do not load the demo history into an empty embedded database",
  },
  examples: [
    "partnerflow start",
    "PORT=8080 partnerflow start --skip-demo",
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/partnerflow partnerflow start",
  ],
  async run({ flags }, io) {
    const env = io.env();
    const logger = createLogger(env.LOG_LEVEL);
    // Listen for signals before the slow part, so Ctrl-C during the demo load still stops cleanly.
    const stop = io.stopSignal();
    let stoppedEarly: string | null = null;
    void stop.then((signal) => (stoppedEarly = signal));
    const database = await openFromEnv(env);
    logger.info("database ready", { db: describeDatabase(env) });
    try {
      // Only the embedded default gets demo data by itself: a real PostgreSQL is someone's data.
      if (database.kind === "pglite" && !flags["skip-demo"] && (await isEmpty(database))) {
        io.out(
          `First start: loading demo history (${DEFAULT_DEMO.partners} partners, ${DEFAULT_DEMO.years} years)…`,
        );
        try {
          const r = await loadDemoHistory(database, { ...DEFAULT_DEMO });
          logger.info("demo history loaded", { ...r });
        } catch (err) {
          logger.warn("demo history not loaded; starting with an empty database", { error: err });
        }
      }
      if (stoppedEarly) {
        logger.info("stopped before the server started", { signal: stoppedEarly });
        return 0;
      }
      const server = await startServer({
        database,
        logger,
        port: flags.port ?? env.PORT,
        host: flags.host ?? env.HOST,
        ...(env.PARTNERFLOW_API_KEY ? { apiKey: env.PARTNERFLOW_API_KEY } : {}),
      });
      if (server.apiKey.kind === "generated") {
        logger.info("ingestion API key generated", { hint: "printed once on the console" });
        io.out(
          `Ingestion API key (shown once, keep it or set PARTNERFLOW_API_KEY): ${server.apiKey.key}`,
        );
      }
      // Workflows run in-process by default; `partnerflow worker` adds more processes.
      const runtime = startRuntime({
        database,
        logger,
        workers: 1,
        limits: runtimeLimits(env),
        delivery: { smtpUrl: env.SMTP_URL },
      });
      io.out(`Partnerflow is running at ${server.url}`);
      const signal = await stop;
      logger.info("shutting down", { signal });
      await runtime.stop();
      await server.close();
      return 0;
    } finally {
      await database.close();
    }
  },
});

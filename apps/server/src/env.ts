import { z } from "zod";
import type { DatabaseConfig } from "@partnerflow/db";
import type { RuntimeLimits } from "@partnerflow/runtime";
import { LOG_LEVELS } from "./logger.ts";

/**
 * The server's configuration. This is the only module that reads `process.env` (lint enforces
 * it); everything else receives a parsed `ServerEnv`.
 *
 * HOST defaults to 127.0.0.1: the embedded default is a single-user install, and an API that
 * accepts events should not be reachable from the network until someone decides it should
 * (set HOST=0.0.0.0 in a container or behind a proxy).
 */
export const ServerEnv = z.object({
  PORT: z.coerce
    .number({ error: "must be a port number" })
    .int("must be a whole number")
    .min(0, "must be between 0 and 65535")
    .max(65535, "must be between 0 and 65535")
    .default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  PARTNERFLOW_API_KEY: z.string().min(16, "must be at least 16 characters").optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional(),
  /**
   * How long a worker holds a claimed run before another worker may take it over (default
   * 30 s). Heartbeats extend it every third of the lease, so it only bounds how long a dead
   * worker's runs wait; the durability tests set it low so takeover happens within seconds.
   */
  RUNTIME_LEASE_MS: z.coerce
    .number({ error: "must be a number of milliseconds" })
    .int("must be a whole number of milliseconds")
    .min(500, "must be between 500 and 3600000 ms")
    .max(3_600_000, "must be between 500 and 3600000 ms")
    .optional(),
  /**
   * Runs the dispatcher executes in its own transaction as it starts them (default 64; 0
   * queues every run for the workers to claim). See docs/runtime.md, "Inline execution".
   */
  RUNTIME_INLINE_RUNS: z.coerce
    .number({ error: "must be a number of runs" })
    .int("must be a whole number of runs")
    .min(0, "must be between 0 and 1000")
    .max(1_000, "must be between 0 and 1000")
    .optional(),
});
export type ServerEnv = z.infer<typeof ServerEnv>;

/** Raised when the environment is invalid; the message names every bad variable. */
export class EnvError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `Invalid environment:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join("\n")}`,
    );
    this.name = "EnvError";
  }
}

/** Parses an environment (process.env by default). Empty strings count as unset. */
export function parseEnv(source: Record<string, string | undefined> = process.env): ServerEnv {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(ServerEnv.shape)) {
    const value = source[key];
    if (value !== undefined && value !== "") cleaned[key] = value;
  }
  const parsed = ServerEnv.safeParse(cleaned);
  if (!parsed.success) {
    throw new EnvError(
      parsed.error.issues.map((i) => ({
        variable: i.path.map(String).join(".") || "(env)",
        message: i.message,
      })),
    );
  }
  return parsed.data;
}

/** The runtime limits the environment overrides (the rest keep their defaults). */
export function runtimeLimits(env: ServerEnv): Partial<RuntimeLimits> {
  return {
    ...(env.RUNTIME_LEASE_MS === undefined ? {} : { leaseMs: env.RUNTIME_LEASE_MS }),
    ...(env.RUNTIME_INLINE_RUNS === undefined ? {} : { inlineRuns: env.RUNTIME_INLINE_RUNS }),
  };
}

/** DATABASE_URL selects PostgreSQL; otherwise the embedded PGlite under DATA_DIR/pglite. */
export function databaseConfig(env: ServerEnv): DatabaseConfig {
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  return { kind: "pglite", dataDir: `${env.DATA_DIR.replace(/\/+$/, "")}/pglite` };
}

import type { Database, Db } from "@partnerflow/db";

/** The logging surface the routers and the server share (the server provides a JSON logger). */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** What every procedure receives: the drizzle handle, the database it belongs to, a logger. */
export interface Context {
  readonly db: Db;
  readonly database: Database;
  readonly logger: Logger;
  /** The clock procedures read "now" from (metrics "this quarter"); injectable for tests. */
  readonly now: () => Date;
}

/** Builds the per-request context; the server calls it for every tRPC request. */
export function createContext(opts: {
  database: Database;
  logger: Logger;
  now?: () => Date;
}): Context {
  return {
    db: opts.database.db,
    database: opts.database,
    logger: opts.logger,
    now: opts.now ?? (() => new Date()),
  };
}

import { sql } from "drizzle-orm";
import { openMigratedDatabase, queryRows, type Database } from "@partnerflow/db";
import { databaseConfig, type ServerEnv } from "../env.ts";

/** "PGlite at .data/pglite" / "PostgreSQL at host:5432/db": never prints a password. */
export function describeDatabase(env: ServerEnv): string {
  const config = databaseConfig(env);
  if (config.kind === "pglite") return `embedded PGlite at ${config.dataDir}`;
  const url = new URL(config.url);
  return `PostgreSQL at ${url.host}${url.pathname}`;
}

/** Opens the database the environment selects and applies pending migrations. */
export function openFromEnv(env: ServerEnv): Promise<Database> {
  return openMigratedDatabase(databaseConfig(env));
}

/** True when no partner and no event exists yet (a fresh install). */
export async function isEmpty(database: Database): Promise<boolean> {
  const [row] = await queryRows<{ empty: boolean }>(
    database.db,
    sql`select not (exists(select 1 from partners) or exists(select 1 from events)) as empty`,
  );
  return row?.empty === true;
}

/** The demo the first start loads: the README promises ~200 partners and two years. */
export const DEFAULT_DEMO = { partners: 200, years: 2, seed: 42 } as const;

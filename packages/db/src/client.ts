import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;
/** The drizzle database, whichever backend runs underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything queries can run on: the database or a transaction handed to you. */
export type DbOrTx = Db | Tx;

export type BackendKind = "pglite" | "postgres";

export interface Database {
  readonly db: Db;
  readonly kind: BackendKind;
  /** The PGlite instance on the embedded backend (LISTEN/NOTIFY, dumps); null on PostgreSQL. */
  readonly pglite: PGlite | null;
  /** The postgres.js client on PostgreSQL (LISTEN/NOTIFY, raw COPY); null on PGlite. */
  readonly sql: postgres.Sql | null;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseConfig =
  | { kind: "postgres"; url: string; max?: number }
  | {
      kind: "pglite";
      /** a folder, or "memory" for an in-memory database */
      dataDir: string;
      /** An in-memory database starts from this dump of a data folder (`dumpDataDir`). */
      template?: Blob;
    };

/** The top-level drizzle/ folder holds the one set of migrations for both backends. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../../drizzle", import.meta.url));

/**
 * The one client factory. PGlite (in-process, file-backed or in-memory) by default;
 * postgres.js when a URL is given. Migrations are not applied here: call `migrate()`.
 */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === "postgres") {
    const sql = postgres(config.url, {
      max: config.max ?? 10,
      onnotice: () => {},
      connection: { application_name: "partnerflow" },
    });
    const db = drizzlePostgres(sql, { schema }) as unknown as Db;
    return {
      db,
      kind: "postgres",
      pglite: null,
      sql,
      migrate: () => migratePostgres(db as never, { migrationsFolder: MIGRATIONS_FOLDER }),
      close: () => sql.end({ timeout: 5 }),
    };
  }
  const inMemory = config.dataDir === "memory";
  if (!inMemory) mkdirSync(config.dataDir, { recursive: true });
  const pglite = !inMemory
    ? new PGlite(config.dataDir)
    : config.template
      ? new PGlite({ loadDataDir: config.template })
      : new PGlite();
  await pglite.waitReady;
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    pglite,
    sql: null,
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => pglite.close(),
  };
}

/** Opens and migrates: what every process does on start. */
export async function openMigratedDatabase(config: DatabaseConfig): Promise<Database> {
  const database = await openDatabase(config);
  try {
    await database.migrate();
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}

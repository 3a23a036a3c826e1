import postgres from "postgres";
import { afterAll, beforeAll, describe } from "vitest";
import { openMigratedDatabase, type BackendKind, type Database } from "./client.ts";

/** The backends the suite runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testBackends(): BackendKind[] {
  // eslint-disable-next-line no-restricted-properties -- the test harness reads its one env var here
  return process.env["TEST_DATABASE_URL"] ? ["pglite", "postgres"] : ["pglite"];
}

function testDatabaseUrl(): string {
  // eslint-disable-next-line no-restricted-properties -- see above
  const url = process.env["TEST_DATABASE_URL"];
  if (!url) throw new Error("TEST_DATABASE_URL is not set");
  return url;
}

/**
 * A fresh, migrated database for one test file. On PostgreSQL a new database is created next
 * to TEST_DATABASE_URL's and dropped on close, so files never see each other's rows.
 */
export async function createTestDatabase(kind: BackendKind): Promise<Database> {
  if (kind === "pglite") return openMigratedDatabase({ kind: "pglite", dataDir: "memory" });
  return createPostgresTestDatabase();
}

/** True when TEST_DATABASE_URL is set: PostgreSQL-only suites run `describe.runIf(...)` on it. */
export function hasTestPostgres(): boolean {
  return testBackends().includes("postgres");
}

/**
 * A fresh, migrated PostgreSQL database next to TEST_DATABASE_URL's, with its URL, for tests
 * that hand the database to child processes (worker crash tests). Dropped on close.
 */
export async function createPostgresTestDatabase(): Promise<Database & { url: string }> {
  const base = new URL(testDatabaseUrl());
  const name = `pf_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`); // name is generated above, never user input
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openMigratedDatabase({ kind: "postgres", url: url.toString(), max: 5 });
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      const dropper = postgres(base.toString(), { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/**
 * Runs the same suite once per backend, each on its own fresh database:
 * `describeEachBackend("ledger", (get) => { it("...", async () => { const { db } = get(); }) })`.
 */
export function describeEachBackend(name: string, body: (get: () => Database) => void): void {
  for (const kind of testBackends()) {
    describe(`${name} [${kind}]`, () => {
      let database: Database | undefined;
      beforeAll(async () => {
        database = await createTestDatabase(kind);
      }, 60_000);
      afterAll(async () => {
        await database?.close();
      });
      body(() => {
        if (!database) throw new Error("test database not ready");
        return database;
      });
    });
  }
}

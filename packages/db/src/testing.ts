import { createHash } from "node:crypto";
import {
  existsSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe } from "vitest";
import {
  MIGRATIONS_FOLDER,
  openMigratedDatabase,
  type BackendKind,
  type Database,
} from "./client.ts";

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
  if (kind === "pglite") {
    return openMigratedDatabase({
      kind: "pglite",
      dataDir: "memory",
      template: await migratedPgliteTemplate(),
    });
  }
  return createPostgresTestDatabase();
}

/**
 * A dump of a freshly migrated PGlite data folder, made once per set of migrations and kept
 * in the temp folder: creating a PGlite database runs initdb in WebAssembly (seconds of CPU),
 * loading a dump is several times cheaper, and every test file needs a fresh database.
 * `migrate()` still runs on the loaded copy (a no-op when the dump is current).
 */
async function migratedPgliteTemplate(): Promise<Blob> {
  const hash = createHash("sha256");
  for (const f of readdirSync(MIGRATIONS_FOLDER, { recursive: true, encoding: "utf8" }).sort()) {
    const p = join(MIGRATIONS_FOLDER, f);
    if (statSync(p).isFile()) hash.update(f).update(readFileSync(p));
  }
  const file = join(tmpdir(), `partnerflow-pglite-${hash.digest("hex").slice(0, 16)}.tar`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const fresh = await openMigratedDatabase({ kind: "pglite", dataDir: "memory" });
  try {
    const dump = await fresh.pglite!.dumpDataDir("none");
    const bytes = new Uint8Array(await dump.arrayBuffer());
    // Written under a unique name and renamed: parallel test files never read half a dump.
    const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(partial, bytes);
    renameSync(partial, file);
    return new Blob([bytes]);
  } finally {
    await fresh.close();
  }
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
    await admin`CREATE DATABASE ${admin(name)}`;
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
        await dropper`DROP DATABASE IF EXISTS ${dropper(name)} WITH (FORCE)`;
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

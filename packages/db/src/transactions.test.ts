import { Socket } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./client.ts";
import { queryRows } from "./query.ts";
import { createPostgresTestDatabase, hasTestPostgres } from "./testing.ts";

/**
 * Transactions on PostgreSQL with the patched postgres.js (patches/postgres+3.4.9.patch): a
 * transaction's first statements go out behind BEGIN, without waiting for its answer, and
 * still run inside the transaction.
 */
describe.runIf(hasTestPostgres())("transactions on PostgreSQL (BEGIN pipelined)", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    await database.db.execute(sql`create table tx_probe (x int primary key)`);
  });
  afterAll(async () => {
    await database?.close();
  });

  /** Socket writes made while `fn` runs (postgres.js writes each round as one chunk). */
  async function writesDuring(fn: () => Promise<unknown>): Promise<number> {
    const write = Socket.prototype.write;
    let writes = 0;
    Socket.prototype.write = function (this: Socket, ...args: unknown[]) {
      writes++;
      return (write as (...a: unknown[]) => boolean).apply(this, args);
    };
    try {
      await fn();
    } finally {
      Socket.prototype.write = write;
    }
    return writes;
  }

  it("sends BEGIN and the first statements in one write: two writes for a one-statement transaction", async () => {
    const { db } = database;
    await db.execute(sql`select 1`); // a connection is open and idle
    const writes = await writesDuring(() =>
      db.transaction(async (tx) => {
        await tx.execute(sql`insert into tx_probe values (1)`);
      }),
    );
    expect(writes).toBe(2); // BEGIN + INSERT, then COMMIT
  });

  it("runs the statements sent behind BEGIN inside the transaction", async () => {
    const { db } = database;
    const seen = await db.transaction(async (tx) => {
      const [[first], [second]] = await Promise.all([
        queryRows<{ xid: string; inTx: boolean }>(
          tx,
          sql`select txid_current()::text as xid, now() <> statement_timestamp() as "inTx"`,
        ),
        queryRows<{ xid: string }>(tx, sql`select txid_current()::text as xid`),
      ]);
      return { first, second };
    });
    expect(seen.first?.inTx).toBe(true);
    expect(seen.first?.xid).toBe(seen.second?.xid);
  });

  it("rolls everything back when a statement fails", async () => {
    const { db } = database;
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`insert into tx_probe values (2)`);
        await tx.execute(sql`insert into tx_probe values (2)`);
      }),
    ).rejects.toMatchObject({ cause: { code: "23505" } }); // unique violation
    const rows = await queryRows<{ x: number }>(db, sql`select x from tx_probe where x = 2`);
    expect(rows).toEqual([]);
  });

  it("keeps many concurrent transactions apart on a small pool", async () => {
    const { db } = database;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db
          .transaction(async (tx) => {
            const [row] = await queryRows<{ n: number }>(tx, sql`select ${100 + i}::int as n`);
            await tx.execute(sql`insert into tx_probe values (${row!.n})`);
            if (i % 4 === 0) throw new Error("rolled back on purpose");
          })
          .catch((err: Error) => {
            if (err.message !== "rolled back on purpose") throw err;
          }),
      ),
    );
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from tx_probe where x >= 100`,
    );
    expect(row?.n).toBe(30);
  });
});

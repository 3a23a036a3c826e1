import type { Tx } from "@partnerflow/db";
import { is, sql, type SQL } from "drizzle-orm";
import { PgDialect, type PgTable } from "drizzle-orm/pg-core";
import { PostgresJsSession } from "drizzle-orm/postgres-js";
import { once } from "node:events";

/**
 * COPY … FROM STDIN inside a transaction, on PostgreSQL. For a batch of thousands of rows it
 * is the cheapest way in for the server: each value goes through its type's input function
 * once, where `json_populate_recordset` first parses the whole JSON parameter, copies every
 * field out as text and only then runs the same input functions (a profile of the backend
 * during batch ingestion: 49 % of its CPU in pg_parse_json). PGlite has no COPY FROM STDIN:
 * callers keep the JSON statements there.
 */

const dialect = new PgDialect();

/** The transaction's postgres.js connection, or null on PGlite. */
export function copyConnection(tx: Tx) {
  const session: unknown = tx._.session;
  return is(session, PostgresJsSession) ? session.client : null;
}
export type CopyConnection = NonNullable<ReturnType<typeof copyConnection>>;

/**
 * Streams `text` (rows in COPY text format, each ending in "\n") into `columns` of `table`.
 * The COPY statement is sent at once; the text may still be on its way (a promise): it is
 * written when both it and the server are ready, so the server's start of the COPY and the
 * caller's encoding overlap. Resolves once PostgreSQL has stored every row; rejects with its
 * error (a unique violation is 23505, as for an INSERT). No other statement may be issued on
 * the connection until it settles: the protocol is in COPY mode meanwhile.
 */
export async function copyInto(
  conn: CopyConnection,
  table: PgTable,
  columns: SQL,
  text: Buffer | string | Promise<Buffer | string>,
): Promise<void> {
  const query = dialect.sqlToQuery(sql`copy ${table} (${columns}) from stdin`).sql;
  const stream = await conn.unsafe(query).writable();
  let data: Buffer | string;
  try {
    data = await text;
  } catch (err) {
    // CopyFail: the server ends the COPY with an error and the connection leaves COPY mode.
    stream.destroy(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
  stream.end(data);
  await once(stream, "finish");
}

const SPECIAL = /[\\\t\n\r]/;

/** A string in COPY text format: backslash, tab, LF and CR escaped. */
export function copyString(s: string): string {
  if (!SPECIAL.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

/**
 * A JSON value in COPY text format. JSON.stringify escapes every control character, so its
 * output holds no raw tab, LF or CR: only backslashes need doubling.
 */
export function copyJson(v: unknown): string {
  const s = JSON.stringify(v);
  return s.includes("\\") ? s.replaceAll("\\", "\\\\") : s;
}

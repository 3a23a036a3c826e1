import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Database } from "@partnerflow/db";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { CopyBuffer, copyText, type CopyValue } from "./copy-text.ts";

const dialect = new PgDialect();

/** Renders a drizzle `sql` query to text + parameters for a raw driver call (COPY, DDL). */
export function renderSql(query: SQL): { sql: string; params: unknown[] } {
  return dialect.sqlToQuery(query);
}

/** Streams rows into one table with COPY … FROM STDIN (PostgreSQL) or /dev/blob (PGlite). */
export interface CopySink {
  write(values: readonly CopyValue[]): Promise<void> | undefined;
  /** Rows already in COPY text format, each ending in "\n" (one row or a chunk of them). */
  writeLine(line: string): Promise<void> | undefined;
  /** Where hot loops encode their rows themselves; call {@link written} after each row. */
  readonly buffer: CopyBuffer;
  /** Sends the buffer on when it is full (a promise then, to await before writing more). */
  written(): Promise<void> | undefined;
  end(): Promise<void>;
}

/**
 * Where a COPY goes: a PostgreSQL connection (the pool, or a reserved connection holding a
 * transaction) or the PGlite instance.
 */
export interface CopyConnection {
  readonly sql: Database["sql"];
  readonly pglite: Pick<NonNullable<Database["pglite"]>, "query"> | null;
}

const FLUSH_BYTES = 1_000_000;
/**
 * Bytes handed to the socket but not yet taken by PostgreSQL before we wait. Waiting for
 * every chunk to drain made generation and PostgreSQL's COPY parsing take turns; with a few
 * chunks in flight both run at once (one core each).
 */
const MAX_IN_FLIGHT = 8_000_000;

/**
 * Opens a COPY into `table (columns)`. Table and column names come from the drizzle schema
 * (generated identifiers) and are escaped by drizzle's `sql.identifier`.
 */
export async function openCopySink(
  database: CopyConnection,
  table: string,
  columns: readonly string[],
): Promise<CopySink> {
  const target = sql`${sql.identifier(table)} (${sql.join(
    columns.map((c) => sql.identifier(c)),
    sql`, `,
  )})`;
  const buffer = new CopyBuffer(FLUSH_BYTES + 64 * 1024);
  // Chunks taken from the buffer, or whole chunks of rows handed over as strings, in order.
  let parts: (Buffer | string)[] = [];
  let size = 0;
  const takeParts = (): (Buffer | string)[] => {
    if (buffer.length > 0) parts.push(buffer.take());
    const out = parts;
    parts = [];
    size = 0;
    return out;
  };
  let send: () => Promise<void>;
  let flushAt = FLUSH_BYTES;
  let finish: () => Promise<void>;
  if (database.sql) {
    const stream: Writable = await database.sql
      .unsafe(renderSql(sql`COPY ${target} FROM STDIN`).sql)
      .writable();
    // Surface a failed COPY (bad row, lost connection) as a rejection, not a process crash.
    let failure: Error | undefined;
    stream.on("error", (err: Error) => {
      failure = err;
    });
    const check = (): void => {
      if (failure) throw failure;
    };
    send = async () => {
      check();
      let full = false;
      for (const chunk of takeParts()) full = !stream.write(chunk);
      if (full && stream.writableLength >= MAX_IN_FLIGHT) await once(stream, "drain");
      check();
    };
    finish = async () => {
      check();
      const done = once(stream, "finish");
      stream.end();
      await done;
      check();
    };
  } else {
    const pglite = database.pglite;
    if (!pglite)
      throw new Error("openCopySink: database has neither a PostgreSQL nor a PGlite client");
    flushAt = FLUSH_BYTES * 4;
    send = async () => {
      // Views over ArrayBuffer (never shared): what Blob accepts under both Node's and DOM's types.
      const parts = takeParts().map((p) =>
        typeof p === "string" ? p : new Uint8Array(p.buffer as ArrayBuffer, p.byteOffset, p.length),
      );
      const blob = new Blob(parts);
      await pglite.query(renderSql(sql`COPY ${target} FROM '/dev/blob'`).sql, [], { blob });
    };
    finish = () => Promise.resolve();
  }
  const written = (): Promise<void> | undefined =>
    size + buffer.length >= flushAt ? send() : undefined;
  const writeLine = (line: string): Promise<void> | undefined => {
    if (line.length < FLUSH_BYTES / 4) {
      buffer.put(line);
    } else {
      // A chunk of many rows: passed on as it is instead of copied into the buffer.
      if (buffer.length > 0) {
        size += buffer.length;
        parts.push(buffer.take());
      }
      parts.push(line);
      size += line.length;
    }
    return written();
  };
  return {
    write: (values) => writeLine(values.map(copyText).join("\t") + "\n"),
    writeLine,
    buffer,
    written,
    async end() {
      if (size + buffer.length > 0) await send();
      await finish();
    },
  };
}

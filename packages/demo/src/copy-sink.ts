import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Database } from "@partnerflow/db";
import { once } from "node:events";
import type { Writable } from "node:stream";

/** A value of one column, as the loader hands it over. */
export type CopyValue = string | number | boolean | Date | null | undefined | object;

const dialect = new PgDialect();

/** Renders a drizzle `sql` query to text + parameters for a raw driver call (COPY, DDL). */
export function renderSql(query: SQL): { sql: string; params: unknown[] } {
  return dialect.sqlToQuery(query);
}

const SPECIAL = /[\\\t\n\r]/;

/** Escapes a string for COPY text format (backslash, tab, LF, CR). */
function escapeText(s: string): string {
  if (!SPECIAL.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

/**
 * A JSON value in COPY text format. JSON.stringify escapes every control character, so
 * its output holds no raw tab, LF or CR: only backslashes need doubling.
 */
export function copyJson(v: unknown): string {
  const s = JSON.stringify(v);
  return s.includes("\\") ? s.replaceAll("\\", "\\\\") : s;
}

/** One value in PostgreSQL's COPY text format (NULL is \N; backslash, tab, CR, LF escaped). */
export function copyText(v: CopyValue): string {
  if (v === null || v === undefined) return "\\N";
  if (typeof v === "string") return escapeText(v);
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? "t" : "f";
  if (v instanceof Date) return v.toISOString();
  return copyJson(v);
}

/** Streams rows into one table with COPY … FROM STDIN (PostgreSQL) or /dev/blob (PGlite). */
export interface CopySink {
  write(values: readonly CopyValue[]): Promise<void> | undefined;
  /** One row already in COPY text format, ending in "\n" (hot loops encode their own). */
  writeLine(line: string): Promise<void> | undefined;
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

const FLUSH_CHARS = 1_000_000;
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
  let buffer: string[] = [];
  let chars = 0;
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
    const flush = async (): Promise<void> => {
      const chunk = buffer.join("");
      buffer = [];
      chars = 0;
      check();
      if (!stream.write(chunk) && stream.writableLength >= MAX_IN_FLIGHT) {
        await once(stream, "drain");
      }
      check();
    };
    const writeLine = (line: string): Promise<void> | undefined => {
      buffer.push(line);
      chars += line.length;
      return chars >= FLUSH_CHARS ? flush() : undefined;
    };
    return {
      write: (values) => writeLine(values.map(copyText).join("\t") + "\n"),
      writeLine,
      async end() {
        if (chars > 0) await flush();
        check();
        const done = once(stream, "finish");
        stream.end();
        await done;
        check();
      },
    };
  }
  const pglite = database.pglite;
  if (!pglite)
    throw new Error("openCopySink: database has neither a PostgreSQL nor a PGlite client");
  const flush = async (): Promise<void> => {
    const blob = new Blob([buffer.join("")]);
    buffer = [];
    chars = 0;
    await pglite.query(renderSql(sql`COPY ${target} FROM '/dev/blob'`).sql, [], { blob });
  };
  const writeLine = (line: string): Promise<void> | undefined => {
    buffer.push(line);
    chars += line.length;
    return chars >= FLUSH_CHARS * 4 ? flush() : undefined;
  };
  return {
    write: (values) => writeLine(values.map(copyText).join("\t") + "\n"),
    writeLine,
    async end() {
      if (chars > 0) await flush();
    },
  };
}

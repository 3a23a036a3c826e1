import type { WorkingSet } from "@partnerflow/service/working-set";
import type { PgTable } from "drizzle-orm/pg-core";
import { getTableColumns, getTableName } from "drizzle-orm";
import { openCopySink, type CopyConnection } from "./copy-sink.ts";
import { copyText, type CopyValue } from "./copy-text.ts";

/** Rows of one table already in COPY text format, in chunks of about a megabyte. */
export interface EncodedRows {
  table: string;
  columns: string[];
  chunks: string[];
  rows: number;
}

const CHUNK_CHARS = 1_000_000;

/**
 * Encodes rows of a drizzle table (objects keyed by property name) for COPY. Columns are
 * those the first row has, so a column left to its default (e.g. `created_at`) keeps it;
 * with `allColumns`, every column. Null when there are no rows.
 */
export function encodeRows(
  table: PgTable,
  rows: Iterable<object>,
  allColumns = false,
): EncodedRows | null {
  let columns: [string, { name: string }][] | undefined;
  const chunks: string[] = [];
  let lines: string[] = [];
  let chars = 0;
  let n = 0;
  for (const row of rows) {
    const r = row as Record<string, CopyValue>;
    columns ??= Object.entries(getTableColumns(table)).filter(([key]) => allColumns || key in r);
    let line = copyText(r[columns[0]![0]]);
    for (let i = 1; i < columns.length; i++) line += `\t${copyText(r[columns[i]![0]])}`;
    lines.push(line, "\n");
    chars += line.length + 1;
    n++;
    if (chars >= CHUNK_CHARS) {
      chunks.push(lines.join(""));
      lines = [];
      chars = 0;
    }
  }
  if (!columns) return null;
  if (lines.length > 0) chunks.push(lines.join(""));
  return { table: getTableName(table), columns: columns.map(([, c]) => c.name), chunks, rows: n };
}

/** COPYs rows encoded by {@link encodeRows}. */
export async function copyEncoded(conn: CopyConnection, encoded: EncodedRows): Promise<void> {
  const sink = await openCopySink(conn, encoded.table, encoded.columns);
  for (const chunk of encoded.chunks) {
    const pending = sink.writeLine(chunk);
    if (pending) await pending;
  }
  await sink.end();
}

/** Encodes and COPYs rows of a drizzle table (see {@link encodeRows}). */
export async function copyRows(
  conn: CopyConnection,
  table: PgTable,
  rows: Iterable<object>,
  allColumns = false,
): Promise<number> {
  const encoded = encodeRows(table, rows, allColumns);
  if (encoded) await copyEncoded(conn, encoded);
  return encoded?.rows ?? 0;
}

/** Lets the event loop turn twice, so statements issued just before are written out. */
const turn = async (): Promise<void> => {
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * Every row of a working set built over an empty database, encoded for COPY, one entry per
 * non-empty table. This is `WorkingSet.flush` without the multi-row INSERT statements, which
 * cost more to build than the rows cost to store when there are hundreds of thousands. The
 * event loop turns between tables, so statements issued before (index builds) reach
 * PostgreSQL and run while this encodes.
 */
export async function encodeWorkingSet(ws: WorkingSet): Promise<EncodedRows[]> {
  const out: EncodedRows[] = [];
  for (const set of workingSetTables(ws)) {
    await turn();
    const encoded = encodeRows(set.table, set.values(), true);
    if (encoded) out.push(encoded);
  }
  return out;
}

/** Every table of a working set with its rows, in the order they are written. */
export function workingSetTables(ws: WorkingSet): { table: PgTable; values(): Iterable<object> }[] {
  return [
    ws.partners,
    ws.contacts,
    ws.deals,
    ws.leads,
    ws.sales,
    ws.trainings,
    ws.certifications,
    ws.documents,
    ws.licenses,
    ws.inventory,
    ws.reorders,
    ws.csat,
    ws.rewards,
    ws.tasks,
    ws.grants,
  ];
}

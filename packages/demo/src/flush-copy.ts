import type { WorkingSet } from "@partnerflow/service/working-set";
import type { PgTable } from "drizzle-orm/pg-core";
import { getTableColumns, getTableName } from "drizzle-orm";
import { copyText, openCopySink, type CopyConnection, type CopyValue } from "./copy-sink.ts";

/**
 * COPYs rows of a drizzle table (objects keyed by property name). Columns are those the
 * first row has, so a column left to its default (e.g. `created_at`) keeps it.
 */
export async function copyRows(
  conn: CopyConnection,
  table: PgTable,
  rows: Iterable<object>,
  allColumns = false,
): Promise<number> {
  let sink: Awaited<ReturnType<typeof openCopySink>> | undefined;
  let columns: [string, { name: string }][] = [];
  let n = 0;
  for (const row of rows) {
    const r = row as Record<string, CopyValue>;
    if (!sink) {
      columns = Object.entries(getTableColumns(table)).filter(([key]) => allColumns || key in r);
      sink = await openCopySink(
        conn,
        getTableName(table),
        columns.map(([, c]) => c.name),
      );
    }
    let line = copyText(r[columns[0]![0]]);
    for (let i = 1; i < columns.length; i++) line += `\t${copyText(r[columns[i]![0]])}`;
    const pending = sink.writeLine(`${line}\n`);
    if (pending) await pending;
    n++;
  }
  if (sink) await sink.end();
  return n;
}

/**
 * Writes every row of a working set built over an empty database with COPY, one stream per
 * table. This is `WorkingSet.flush` without the multi-row INSERT statements, which cost more
 * to build than the rows cost to store when there are hundreds of thousands of them.
 */
export async function copyWorkingSet(conn: CopyConnection, ws: WorkingSet): Promise<number> {
  let rows = 0;
  for (const set of workingSetTables(ws)) {
    rows += await copyRows(conn, set.table, set.values(), true);
  }
  return rows;
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

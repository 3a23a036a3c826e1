import type { Database } from "@partnerflow/db";
import type { WorkingSet } from "@partnerflow/service/working-set";
import type { PgTable } from "drizzle-orm/pg-core";
import { getTableColumns, getTableName } from "drizzle-orm";
import { openCopySink, type CopyValue } from "./copy-sink.ts";

/**
 * Writes every row of a working set built over an empty database with COPY, one stream per
 * table. This is `WorkingSet.flush` without the multi-row INSERT statements, which cost more
 * to build than the rows cost to store when there are hundreds of thousands of them.
 */
export async function copyWorkingSet(database: Database, ws: WorkingSet): Promise<number> {
  const sets: { table: PgTable; values(): Iterable<object> }[] = [
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
  let rows = 0;
  for (const set of sets) {
    const columns = Object.entries(getTableColumns(set.table));
    const sink = await openCopySink(
      database,
      getTableName(set.table),
      columns.map(([, c]) => c.name),
    );
    for (const row of set.values()) {
      const r = row as Record<string, CopyValue>;
      const pending = sink.write(columns.map(([key]) => r[key]));
      if (pending) await pending;
      rows++;
    }
    await sink.end();
  }
  return rows;
}

import { insertJsonRows, type DbOrTx } from "@partnerflow/db";
import { sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";

/**
 * INSERT of whole rows (every column given; a missing value is NULL). With `conflictTarget`,
 * an upsert that replaces every other column from the new row. One JSON parameter however
 * many rows (see insertJsonRows in @partnerflow/db).
 */
export async function insertRows(
  db: DbOrTx,
  table: PgTable,
  rows: readonly object[],
  conflictTarget?: readonly PgColumn[],
): Promise<void> {
  await insertJsonRows(db, table, rows, {
    columns: "all",
    ...(conflictTarget ? { onConflict: { do: "update", target: conflictTarget } } : {}),
  });
}

/** A text[] parameter literal ('{"a","b"}'), so `col = any(…)` binds one parameter and uses the index. */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}

/** `col = any($1::text[])`: one parameter for any number of ids. */
export function anyOf(col: PgColumn, values: readonly string[]): SQL {
  return sql`${col} = any(${textArray(values)}::text[])`;
}

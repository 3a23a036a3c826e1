import type { DbOrTx } from "@partnerflow/db";
import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";

/**
 * Bulk statements that bind ONE parameter however many rows they carry: the rows travel as
 * a JSON array and PostgreSQL turns them into table rows with jsonb_populate_record. Binding
 * tens of thousands of parameters per statement (a VALUES list) costs far more to send,
 * parse and plan than the rows cost to write. Identifiers come from the drizzle schema,
 * never from input.
 */

/** A row keyed by SQL column names (what jsonb_populate_record matches on). */
export function toColumnRow(table: PgTable, row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [prop, col] of Object.entries(getTableColumns(table))) {
    if (prop in row) out[col.name] = (row as Record<string, unknown>)[prop];
  }
  return out;
}

/** The rows of `json` (an array of objects) as records of `table`'s row type, in array order. */
export function rowsFromJson(table: PgTable, json: string): SQL {
  return sql`jsonb_array_elements(${json}::jsonb) with ordinality as t(e, ord), lateral jsonb_populate_record(null::${table}, t.e) as r`;
}

/**
 * INSERT of whole rows (every column given). With `conflictTarget`, an upsert that replaces
 * every other column from the new row.
 */
export async function insertRows(
  db: DbOrTx,
  table: PgTable,
  rows: readonly object[],
  conflictTarget?: readonly PgColumn[],
): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(rows.map((r) => toColumnRow(table, r)));
  const cols = Object.values(getTableColumns(table));
  const names = sql.join(
    cols.map((c) => sql.identifier(c.name)),
    sql`, `,
  );
  const select = sql.join(
    cols.map((c) => sql`r.${sql.identifier(c.name)}`),
    sql`, `,
  );
  let onConflict = sql``;
  if (conflictTarget) {
    const target = sql.join(
      conflictTarget.map((c) => sql.identifier(c.name)),
      sql`, `,
    );
    const set = sql.join(
      cols
        .filter((c) => !conflictTarget.includes(c))
        .map((c) => sql`${sql.identifier(c.name)} = excluded.${sql.identifier(c.name)}`),
      sql`, `,
    );
    onConflict = sql` on conflict (${target}) do update set ${set}`;
  }
  await db.execute(
    sql`insert into ${table} (${names}) select ${select} from ${rowsFromJson(table, json)} order by t.ord${onConflict}`,
  );
}

/** A text[] parameter literal ('{"a","b"}'), so `col = any(…)` binds one parameter and uses the index. */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}

/** `col = any($1::text[])`: one parameter for any number of ids. */
export function anyOf(col: PgColumn, values: readonly string[]): SQL {
  return sql`${col} = any(${textArray(values)}::text[])`;
}

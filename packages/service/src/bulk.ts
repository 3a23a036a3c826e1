import type { DbOrTx } from "@partnerflow/db";
import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";

/**
 * Bulk statements that bind ONE parameter however many rows they carry: the rows travel as
 * a JSON array and PostgreSQL turns them into table rows with json_populate_recordset. Binding
 * tens of thousands of parameters per statement (a VALUES list) costs far more to send,
 * parse and plan than the rows cost to write. Identifiers come from the drizzle schema,
 * never from input.
 */

/** [property, SQL column name] of every column of a table, computed once per table. */
const columnPairs = new WeakMap<PgTable, readonly (readonly [string, string])[]>();

function pairsOf(table: PgTable): readonly (readonly [string, string])[] {
  let pairs = columnPairs.get(table);
  if (!pairs) {
    pairs = Object.entries(getTableColumns(table)).map(([prop, col]) => [prop, col.name] as const);
    columnPairs.set(table, pairs);
  }
  return pairs;
}

/** A row keyed by SQL column names (what json_populate_recordset matches on). */
export function toColumnRow(table: PgTable, row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const r = row as Record<string, unknown>;
  for (const [prop, name] of pairsOf(table)) {
    if (prop in r) out[name] = r[prop];
  }
  return out;
}

/**
 * The rows of `json` (an array of objects) as records `r` of `table`'s row type, with
 * `r.ordinality` their 1-based position. json_populate_recordset parses the text once as
 * it goes; going through jsonb (jsonb_array_elements + jsonb_populate_record) first builds
 * the whole array as jsonb, which made the log insert of a 5,000-event batch ~20 % slower.
 */
export function rowsFromJson(table: PgTable, json: string): SQL {
  return sql`json_populate_recordset(null::${table}, ${json}::json) with ordinality as r`;
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
    sql`insert into ${table} (${names}) select ${select} from ${rowsFromJson(table, json)} order by r.ordinality${onConflict}`,
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

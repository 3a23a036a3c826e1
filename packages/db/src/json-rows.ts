import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "./client.ts";
import { queryRows } from "./query.ts";

/**
 * Multi-row statements that bind ONE parameter however many rows they carry: the rows travel
 * as a JSON array and PostgreSQL turns them into table rows with json_populate_recordset.
 * Binding a parameter per cell (a VALUES list, which drizzle also builds value by value)
 * costs far more to build, send, parse and plan than the rows cost to write. Identifiers come
 * from the drizzle schema, never from the rows.
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

/**
 * The rows of `json` (an array of objects keyed by column name) as records `r` of `table`'s
 * row type, with `r.ordinality` their 1-based position. json_populate_recordset parses the
 * text once as it goes; going through jsonb (jsonb_array_elements + jsonb_populate_record)
 * first builds the whole array as jsonb, which made a 5,000-row insert ~20 % slower.
 */
export function rowsFromJson(table: PgTable, json: string): SQL {
  return sql`json_populate_recordset(null::${table}, ${json}::json) with ordinality as r`;
}

export interface JsonInsertOptions {
  /**
   * "given" (default): the properties of the first row — give every row the same ones; the
   * columns left out take their defaults. "all": every column of the table; a missing value
   * is NULL.
   */
  columns?: "given" | "all";
  /**
   * On a unique conflict: skip the row ("nothing", on any unique index or on `target`'s), or
   * replace every other inserted column from the new row ("update", an upsert on `target`).
   */
  onConflict?:
    { do: "nothing"; target?: readonly PgColumn[] } | { do: "update"; target: readonly PgColumn[] };
  /** A column whose values of the rows really written (not skipped on conflict) are answered. */
  returning?: PgColumn;
}

/**
 * A multi-row INSERT … SELECT FROM json_populate_recordset. Dates become ISO strings, objects
 * jsonb. Answers the `returning` column of the rows written (empty without `returning`).
 */
export async function insertJsonRows(
  db: DbOrTx,
  table: PgTable,
  rows: readonly object[],
  opts: JsonInsertOptions = {},
): Promise<unknown[]> {
  const first = rows[0] as Record<string, unknown> | undefined;
  if (!first) return [];
  const all = pairsOf(table);
  let columns = all;
  if (opts.columns !== "all") {
    const names = new Map(all);
    columns = Object.keys(first).map((prop) => {
      const name = names.get(prop);
      if (!name) throw new Error(`insertJsonRows: ${prop} is not a column`);
      return [prop, name] as const;
    });
  }
  const json = JSON.stringify(
    rows.map((row) => {
      const r = row as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [prop, name] of columns) out[name] = r[prop];
      return out;
    }),
  );
  const list = (prefix: SQL) =>
    sql.join(
      columns.map(([, name]) => sql`${prefix}${sql.identifier(name)}`),
      sql`, `,
    );
  const insert = sql`insert into ${table} (${list(sql``)}) select ${list(sql`r.`)}
        from ${rowsFromJson(table, json)} order by r.ordinality${conflictClause(columns, opts)}`;
  if (!opts.returning) {
    await db.execute(insert);
    return [];
  }
  const written = await queryRows<{ value: unknown }>(
    db,
    sql`${insert} returning ${sql.identifier(opts.returning.name)} as value`,
  );
  return written.map((row) => row.value);
}

function conflictClause(
  columns: readonly (readonly [string, string])[],
  { onConflict }: JsonInsertOptions,
): SQL {
  if (!onConflict) return sql``;
  const target = onConflict.target
    ? sql` (${sql.join(
        onConflict.target.map((c) => sql.identifier(c.name)),
        sql`, `,
      )})`
    : sql``;
  if (onConflict.do === "nothing") return sql` on conflict${target} do nothing`;
  const keys = new Set(onConflict.target.map((c) => c.name));
  const set = sql.join(
    columns
      .filter(([, name]) => !keys.has(name))
      .map(([, name]) => sql`${sql.identifier(name)} = excluded.${sql.identifier(name)}`),
    sql`, `,
  );
  return sql` on conflict${target} do update set ${set}`;
}

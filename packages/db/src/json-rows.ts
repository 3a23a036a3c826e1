import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "./client.ts";
import { queryRows } from "./query.ts";

/**
 * Multi-row statements that bind ONE parameter however many rows they carry: the rows travel
 * as a JSON array and PostgreSQL turns them into table rows with json_populate_recordset /
 * json_to_recordset.
 * Binding a parameter per cell (a VALUES list, which drizzle also builds value by value)
 * costs far more to build, send, parse and plan than the rows cost to write. Identifiers and
 * SQL types come from the drizzle schema, never from the rows.
 */

/** A column as the JSON rows carry it: property name, SQL column name and SQL type. */
interface ColumnPair {
  readonly prop: string;
  readonly name: string;
  readonly type: string;
}

/** Every column of a table, computed once per table. */
const columnPairs = new WeakMap<PgTable, readonly ColumnPair[]>();

/** serial types are only valid in CREATE TABLE; in a column definition list they are ints. */
const SERIAL_TYPES: Readonly<Record<string, string>> = {
  smallserial: "smallint",
  serial: "integer",
  bigserial: "bigint",
};

function pairsOf(table: PgTable): readonly ColumnPair[] {
  let pairs = columnPairs.get(table);
  if (!pairs) {
    pairs = Object.entries(getTableColumns(table)).map(([prop, col]) => {
      const type = col.getSQLType();
      return { prop, name: col.name, type: SERIAL_TYPES[type] ?? type };
    });
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
 * A multi-row INSERT … SELECT FROM json_to_recordset. Dates become ISO strings, objects
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
    const byProp = new Map(all.map((c) => [c.prop, c]));
    columns = Object.keys(first).map((prop) => {
      const column = byProp.get(prop);
      if (!column) throw new Error(`insertJsonRows: ${prop} is not a column`);
      return column;
    });
  }
  // The rows go out as they are, keyed by property name: json_to_recordset takes its columns
  // (property names and SQL types) from a definition list, so no per-row copy keyed by column
  // name is built first (that copy was the largest item of batch ingestion's write-back).
  // It is json_populate_recordset's code with another source of columns: the same
  // conversions, a missing or extra key alike.
  const json = JSON.stringify(rows);
  const list = (prefix: SQL, of: (c: ColumnPair) => string) =>
    sql.join(
      columns.map((c) => sql`${prefix}${sql.identifier(of(c))}`),
      sql`, `,
    );
  const definitions = sql.join(
    columns.map((c) => sql`${sql.identifier(c.prop)} ${sql.raw(c.type)}`),
    sql`, `,
  );
  // Types are drizzle's own SQL type names of schema columns, never text from input.
  const insert = sql`insert into ${table} (${list(sql``, (c) => c.name)}) select ${list(sql`r.`, (c) => c.prop)}
        from rows from (json_to_recordset(${json}::json) as (${definitions})) with ordinality as r
        order by r.ordinality${conflictClause(columns, opts)}`;
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

function conflictClause(columns: readonly ColumnPair[], { onConflict }: JsonInsertOptions): SQL {
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
      .filter((c) => !keys.has(c.name))
      .map((c) => sql`${sql.identifier(c.name)} = excluded.${sql.identifier(c.name)}`),
    sql`, `,
  );
  return sql` on conflict${target} do update set ${set}`;
}

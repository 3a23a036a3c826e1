import { TRPCError } from "@trpc/server";
import { sql, type SQL, type AnyColumn } from "drizzle-orm";
import { z } from "zod";

/** Page size: at most 100 rows per call so one request never drags a whole table. */
export const Limit = z.number().int().min(1).max(100).default(50);
/** Opaque keyset cursor returned as `nextCursor` by the previous page. */
export const Cursor = z.string().min(1).max(1000).nullish();
export const SortDir = z.enum(["asc", "desc"]);
export type SortDir = z.infer<typeof SortDir>;

const CursorBody = z.tuple([z.union([z.string(), z.number()]), z.union([z.string(), z.number()])]);
type CursorBody = z.infer<typeof CursorBody>;

/** Encodes the sort value and id of the last row of a page. */
export function encodeCursor(value: string | number | Date, id: string | number): string {
  const v = value instanceof Date ? value.toISOString() : value;
  return Buffer.from(JSON.stringify([v, id]), "utf8").toString("base64url");
}

/** Decodes a cursor; a tampered or foreign cursor is a 400 naming `cursor`. */
export function decodeCursor(cursor: string): CursorBody {
  try {
    const json: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    return CursorBody.parse(json);
  } catch {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: "cursor: not a cursor returned by this list",
      cause: { issues: [{ path: ["cursor"], message: "not a cursor returned by this list" }] },
    });
  }
}

export type CastType = "text" | "int" | "bigint" | "timestamptz";

function cast(value: string | number, type: CastType): SQL {
  switch (type) {
    case "text":
      return sql`${String(value)}::text`;
    case "int":
      return sql`${Number(value)}::int`;
    case "bigint":
      return sql`${Number(value)}::bigint`;
    case "timestamptz":
      return sql`${String(value)}::timestamptz`;
  }
}

/** One keyset ordering: a non-null sort expression plus a unique tie-breaker. */
export interface Keyset {
  sort: SQL | AnyColumn;
  sortType: CastType;
  id: AnyColumn;
  idType: CastType;
  dir: SortDir;
}

/** `WHERE (sort, id) > (cursor)` for ascending order, `<` for descending. */
export function keysetWhere(k: Keyset, cursor: string | null | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const [v, id] = decodeCursor(cursor);
  const op = k.dir === "asc" ? sql`>` : sql`<`;
  return sql`(${k.sort}, ${k.id}) ${op} (${cast(v, k.sortType)}, ${cast(id, k.idType)})`;
}

/** `ORDER BY sort dir, id dir`. */
export function keysetOrder(k: Keyset): SQL[] {
  const dir = k.dir === "asc" ? sql`asc` : sql`desc`;
  return [sql`${k.sort} ${dir}`, sql`${k.id} ${dir}`];
}

/**
 * Cuts a `limit + 1` fetch into a page: the extra row only tells whether there is more, and
 * the cursor points at the last row returned.
 */
export function toPage<T>(
  rows: T[],
  limit: number,
  key: (row: T) => [string | number | Date, string | number],
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  if (rows.length <= limit || !last) return { items, nextCursor: null };
  const [v, id] = key(last);
  return { items, nextCursor: encodeCursor(v, id) };
}

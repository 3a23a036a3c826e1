import {
  rateBookFromRows,
  type CurrencyCode,
  type RateBook,
  type RateRow,
} from "@partnerflow/domain";
import { schema, type DbOrTx } from "@partnerflow/db";
import { and, gte, inArray, lte, or, sql } from "drizzle-orm";

/** Inserts or replaces daily rates (units of currency per 1 USD). */
export async function upsertExchangeRates(db: DbOrTx, rows: readonly RateRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await db
      .insert(schema.exchangeRates)
      .values(chunk.map((r) => ({ day: r.day, currency: r.currency, perUsd: r.perUsd })))
      .onConflictDoUpdate({
        target: [schema.exchangeRates.day, schema.exchangeRates.currency],
        set: { perUsd: sql`excluded.per_usd` },
      });
  }
}

function toRow(r: { day: string; currency: string; perUsd: string }): RateRow {
  return { day: r.day, currency: r.currency as CurrencyCode, perUsd: r.perUsd };
}

/** Every stored rate as an in-memory rate book (fallback DEFAULT_PER_USD). */
export async function loadRateBook(db: DbOrTx): Promise<RateBook> {
  const rows = await db.select().from(schema.exchangeRates);
  return rateBookFromRows(rows.map(toRow));
}

/**
 * The rates a batch needs: for the given currencies, every rate between the first and last
 * day plus the latest one before the first day. Keeps big rate tables off the hot path.
 */
export async function loadRateBookFor(
  db: DbOrTx,
  currencies: readonly CurrencyCode[],
  firstDay: string,
  lastDay: string,
): Promise<RateBook> {
  if (currencies.length === 0) return rateBookFromRows([]);
  const t = schema.exchangeRates;
  const list = [...currencies];
  // One round trip: the rates inside the range, plus each currency's latest before it.
  const rows = await db
    .select()
    .from(t)
    .where(
      and(
        inArray(t.currency, list),
        lte(t.day, lastDay),
        or(
          gte(t.day, firstDay),
          sql`${t.day} = (select max(r.day) from ${t} r where r.currency = ${t.currency} and r.day < ${firstDay})`,
        ),
      ),
    );
  return rateBookFromRows(rows.map(toRow));
}

import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows, schema } from "./index.ts";
import { describeEachBackend } from "./testing.ts";

describeEachBackend("database client", (get) => {
  it("applies the migrations and round-trips money as integer minor units", async () => {
    const { db } = get();
    await db
      .insert(schema.exchangeRates)
      .values({ day: "2026-01-02", currency: "EUR", perUsd: "0.91234567" });
    const [row] = await db.select().from(schema.exchangeRates);
    expect(row).toEqual({ day: "2026-01-02", currency: "EUR", perUsd: "0.91234567" });
    const rows = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
    );
    expect(rows[0]?.n).toBeGreaterThanOrEqual(21);
  });
});

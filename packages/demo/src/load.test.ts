import { EventInputSchema } from "@partnerflow/domain";
import { queryRows, schema, type Database } from "@partnerflow/db";
import { createTestDatabase, testBackends } from "@partnerflow/db/testing";
import { recordEvents, upsertExchangeRates } from "@partnerflow/service";
import { asc, getTableColumns, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPeriod, generateDemoEvents } from "./generate.ts";
import { DemoAlreadyLoadedError, loadDemoHistory } from "./load.ts";
import { generateRates, generateUsers } from "./reference-data.ts";

const opts = { partners: 15, years: 1, seed: 11, endDate: new Date("2026-03-31T18:00:00.000Z") };

const PROJECTIONS: [string, PgTable][] = [
  ["partners", schema.partners],
  ["contacts", schema.contacts],
  ["deals", schema.deals],
  ["leads", schema.leads],
  ["sales", schema.sales],
  ["trainings", schema.trainings],
  ["certifications", schema.certifications],
  ["documents", schema.documents],
  ["licenses", schema.licenses],
  ["inventory_levels", schema.inventoryLevels],
  ["reorders", schema.reorders],
  ["csat_scores", schema.csatScores],
  ["reward_ledger", schema.rewardLedger],
  ["tasks", schema.tasks],
  ["enablement_grants", schema.enablementGrants],
  ["users", schema.users],
  ["exchange_rates", schema.exchangeRates],
];

/** Every row of a table in a stable order (all columns, so any difference shows). */
async function dump(database: Database, table: PgTable): Promise<unknown[]> {
  const cols = Object.values(getTableColumns(table));
  return database.db
    .select()
    .from(table)
    .orderBy(...cols.map((c) => asc(c)));
}

async function dumpEvents(database: Database): Promise<unknown[]> {
  const e = schema.events;
  return database.db
    .select({
      seq: e.seq,
      type: e.type,
      partnerId: e.partnerId,
      occurredAt: e.occurredAt,
      payload: e.payload,
      idempotencyKey: e.idempotencyKey,
      causationDepth: e.causationDepth,
    })
    .from(e)
    .orderBy(asc(e.seq));
}

for (const kind of testBackends()) {
  describe(`loadDemoHistory [${kind}]`, () => {
    let loaded: Database | undefined;
    let recorded: Database | undefined;
    const get = (d: Database | undefined): Database => {
      if (!d) throw new Error("database not ready");
      return d;
    };

    beforeAll(async () => {
      loaded = await createTestDatabase(kind);
      recorded = await createTestDatabase(kind);
    }, 120_000);
    afterAll(async () => {
      await loaded?.close();
      await recorded?.close();
    });

    it("builds the same log and tables as recording every event through the service", async () => {
      const progress: number[] = [];
      const result = await loadDemoHistory(get(loaded), {
        ...opts,
        onProgress: (n) => progress.push(n),
      });
      expect(result.partners).toBe(15);
      expect(progress.at(-1)).toBe(result.events);

      const db = get(recorded).db;
      const { start, end } = demoPeriod(opts);
      await db.insert(schema.users).values(generateUsers(opts.partners, opts.seed, start));
      await upsertExchangeRates(db, [...generateRates(opts.seed, start, end)]);
      const inputs = [...generateDemoEvents(opts)].map((e) => EventInputSchema.parse(e));
      for (let i = 0; i < inputs.length; i += 400) {
        await recordEvents(db, inputs.slice(i, i + 400));
      }

      const viaService = await dumpEvents(get(recorded));
      const viaLoader = await dumpEvents(get(loaded));
      expect(viaLoader.length).toBe(result.events);
      expect(viaLoader).toEqual(viaService);
      for (const [name, table] of PROJECTIONS) {
        const a = await dump(get(loaded), table);
        const b = await dump(get(recorded), table);
        expect(a, name).toEqual(b);
      }
      const sales = await dump(get(loaded), schema.sales);
      expect(sales.length).toBeGreaterThan(20);
    });

    it("leaves every index and primary key the migrations made (dropped for the COPY, rebuilt after)", async () => {
      const indexes = async (d: Database): Promise<string[]> => {
        const rows = await queryRows<{ indexdef: string }>(
          d.db,
          sql`select indexdef from pg_indexes where schemaname = current_schema() order by indexname`,
        );
        return rows.map((r) => r.indexdef);
      };
      const keys = async (d: Database): Promise<string[]> => {
        const rows = await queryRows<{ key: string }>(
          d.db,
          sql`select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) as key
              from pg_constraint where connamespace = current_schema()::regnamespace order by 1`,
        );
        return rows.map((r) => r.key);
      };
      const after = await indexes(get(loaded));
      expect(after).toEqual(await indexes(get(recorded)));
      expect(after.some((d) => d.includes("events_idem_idx"))).toBe(true);
      const loadedKeys = await keys(get(loaded));
      expect(loadedKeys).toEqual(await keys(get(recorded)));
      expect(loadedKeys).toContain("sales sales_pkey PRIMARY KEY (id)");
    });

    it("refuses to load a second history into the same database", async () => {
      await expect(loadDemoHistory(get(loaded), opts)).rejects.toThrow(DemoAlreadyLoadedError);
      await expect(loadDemoHistory(get(recorded), opts)).rejects.toThrow(/empty database/);
    });
  });
}

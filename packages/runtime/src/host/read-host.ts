import { and, eq, getTableName, inArray, sql } from "drizzle-orm";
import Decimal from "decimal.js";
import {
  METRICS,
  REPORTING_CURRENCY,
  fromMinor,
  utcDay,
  type CurrencyCode,
  type EntityName,
  type Money,
  type MetricRef,
  type Region,
} from "@partnerflow/domain";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { schema, type DbOrTx } from "@partnerflow/db";
import { loadRateBookFor, metricFromSql } from "@partnerflow/service";
import type {
  AccountManager,
  EntityRecord,
  LeadCandidate,
  LeadCandidateQuery,
  PartnerState,
} from "@partnerflow/workflow";

const s = schema;

/** Table rows → catalog records: money as `{ amount, currency }`, instants as ISO strings. */
export function toEntityRecord(row: Record<string, unknown>): EntityRecord {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === "amountMinor" && typeof v === "number" && typeof row["currency"] === "string") {
      const currency = row["currency"] as CurrencyCode;
      out["amount"] = { amount: fromMinor(v, currency), currency };
    } else if (
      k === "estimatedValueMinor" &&
      typeof v === "number" &&
      typeof row["currency"] === "string"
    ) {
      const currency = row["currency"] as CurrencyCode;
      out["estimatedValue"] = { amount: fromMinor(v, currency), currency };
    } else out[k] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

interface RecordTable {
  table: PgTable;
  id: PgColumn | null;
  partnerId: PgColumn | null;
}
const rt = (table: PgTable, id: PgColumn | null, partnerId: PgColumn | null): RecordTable => ({
  table,
  id,
  partnerId,
});

/** Where each catalog entity lives, and how to find one record or a partner's records. */
const TABLES: Partial<Record<EntityName, RecordTable>> = {
  partner: rt(s.partners, s.partners.id, null),
  contact: rt(s.contacts, s.contacts.id, s.contacts.partnerId),
  user: rt(s.users, s.users.id, null),
  deal: rt(s.deals, s.deals.id, s.deals.partnerId),
  lead: rt(s.leads, s.leads.id, s.leads.partnerId),
  sale: rt(s.sales, s.sales.id, s.sales.partnerId),
  training: rt(s.trainings, s.trainings.id, s.trainings.partnerId),
  certification: rt(s.certifications, s.certifications.id, s.certifications.partnerId),
  document: rt(s.documents, s.documents.id, s.documents.partnerId),
  license: rt(s.licenses, s.licenses.id, s.licenses.partnerId),
  inventory: rt(s.inventoryLevels, null, s.inventoryLevels.partnerId),
  csat: rt(s.csatScores, s.csatScores.id, s.csatScores.partnerId),
  reward: rt(s.rewardLedger, s.rewardLedger.id, s.rewardLedger.partnerId),
  task: rt(s.tasks, s.tasks.id, s.tasks.partnerId),
};

/** Partners rows by id, in one SELECT (a batch of runs' reads). */
export async function partnerRowsByIds(
  db: DbOrTx,
  ids: readonly string[],
): Promise<Map<string, typeof s.partners.$inferSelect>> {
  const rows = await db
    .select()
    .from(s.partners)
    .where(inArray(s.partners.id, [...ids]));
  return new Map(rows.map((row) => [row.id, row]));
}

/** Records of one entity by id, in one SELECT (a batch of runs' reads). */
export async function recordsByIds(
  db: DbOrTx,
  entity: EntityName,
  ids: readonly string[],
): Promise<Map<string, EntityRecord>> {
  const t = TABLES[entity];
  if (!t?.id || ids.length === 0) return new Map();
  const rows: Record<string, unknown>[] = await db
    .select()
    .from(t.table)
    .where(inArray(t.id, [...ids]));
  // Every entity with an id column names its property `id`.
  return new Map(rows.map((row) => [String(row["id"]), toEntityRecord(row)]));
}

/** A partners row as the interpreter sees it. */
export function partnerState(p: typeof s.partners.$inferSelect): PartnerState {
  return {
    id: p.id,
    name: p.name,
    tier: p.tier as PartnerState["tier"],
    region: p.region as PartnerState["region"],
    country: p.country,
    type: p.type as PartnerState["type"],
    status: p.status as PartnerState["status"],
    accountManagerId: p.accountManagerId,
    compliant: p.compliant,
    createdAt: p.createdAt.toISOString(),
    attributes: p.attributes,
  };
}

/**
 * The read half of a database-backed host: partner state, metrics, records, routing
 * candidates and rates, read through whatever handle it is given (the run's transaction live,
 * the plain database for dry runs). It never writes.
 */
export class DbReads {
  constructor(protected readonly db: DbOrTx) {}

  async partner(id: string): Promise<PartnerState | null> {
    const p = (await partnerRowsByIds(this.db, [id])).get(id);
    return p ? partnerState(p) : null;
  }

  async metric(partnerId: string, ref: MetricRef, asOf: Date): Promise<number | Money> {
    const value = await metricFromSql(this.db, partnerId, ref, asOf);
    if (METRICS[ref.metric].type === "money") {
      return { amount: fromMinor(value, REPORTING_CURRENCY), currency: REPORTING_CURRENCY };
    }
    return value;
  }

  async record(entity: EntityName, id: string): Promise<EntityRecord | null> {
    return (await recordsByIds(this.db, entity, [id])).get(id) ?? null;
  }

  async records(entity: EntityName, partnerId: string): Promise<readonly EntityRecord[]> {
    const t = TABLES[entity];
    if (!t?.partnerId) return [];
    const rows: Record<string, unknown>[] = await this.db
      .select()
      .from(t.table)
      .where(eq(t.partnerId, partnerId));
    return rows.map(toEntityRecord);
  }

  async leadCandidates(q: LeadCandidateQuery): Promise<readonly LeadCandidate[]> {
    // Columns qualified by hand: drizzle renders columns unqualified in a one-table select, so
    // `partner_id = id` inside the subquery would compare the lead's own columns (always 0).
    const col = (table: PgTable, column: PgColumn) =>
      sql`${sql.identifier(getTableName(table))}.${sql.identifier(column.name)}`;
    const partnerId = col(s.partners, s.partners.id);
    const openLeads = sql<number>`(select count(*) from ${s.leads} where ${col(s.leads, s.leads.partnerId)} = ${partnerId} and ${col(s.leads, s.leads.status)} in ('assigned', 'accepted'))`;
    const performance = sql<number>`(select count(*) from ${s.deals} where ${col(s.deals, s.deals.partnerId)} = ${partnerId} and ${col(s.deals, s.deals.status)} = 'won' and ${col(s.deals, s.deals.wonAt)} > now() - interval '90 days')`;
    const rows = await this.db
      .select({
        partnerId: s.partners.id,
        tier: s.partners.tier,
        region: s.partners.region,
        country: s.partners.country,
        status: s.partners.status,
        openLeads,
        performance,
      })
      .from(s.partners)
      .where(
        and(
          eq(s.partners.status, "active"),
          q.region ? eq(s.partners.region, q.region) : undefined,
          q.country ? eq(s.partners.country, q.country) : undefined,
        ),
      )
      .orderBy(s.partners.id);
    return rows.map((r) => ({
      ...r,
      tier: r.tier as LeadCandidate["tier"],
      region: r.region as LeadCandidate["region"],
      status: r.status as LeadCandidate["status"],
      openLeads: Number(r.openLeads),
      performance: Number(r.performance),
    }));
  }

  async accountManagers(region: Region): Promise<readonly AccountManager[]> {
    const rows = await this.db
      .select({ userId: s.users.id, name: s.users.name, region: s.users.region })
      .from(s.users)
      .where(and(eq(s.users.role, "account_manager"), eq(s.users.region, region)))
      .orderBy(s.users.id);
    return rows.map((r) => ({
      userId: r.userId,
      name: r.name,
      region: (r.region ?? region) as Region,
    }));
  }

  async exchangeRate(from: CurrencyCode, to: CurrencyCode, on: Date): Promise<string> {
    if (from === to) return "1";
    const day = utcDay(on);
    const book = await loadRateBookFor(this.db, [from, to], day, day);
    // perUsd: units of currency per 1 USD → units of `to` per 1 `from`.
    return new Decimal(book.perUsd(to, day))
      .div(book.perUsd(from, day))
      .toSignificantDigits(12)
      .toString();
  }
}

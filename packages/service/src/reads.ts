import {
  emptyPartnerState,
  rebuildPartnerState,
  type CurrencyCode,
  type DealState,
  type DomainEvent,
  type EventType,
  type PartnerState,
  type ProductLine,
  type RateBook,
} from "@partnerflow/domain";
import { schema, type DbOrTx } from "@partnerflow/db";
import { and, asc, eq, or, sql } from "drizzle-orm";
import { loadRateBook } from "./exchange-rates.ts";

type EventRow = typeof schema.events.$inferSelect;

/** A log row as the domain's DomainEvent. */
export function toDomainEvent(r: EventRow): DomainEvent {
  return {
    seq: r.seq,
    type: r.type as EventType,
    partnerId: r.partnerId,
    occurredAt: r.occurredAt,
    recordedAt: r.recordedAt,
    payload: r.payload,
    idempotencyKey: r.idempotencyKey,
    causationRunId: r.causationRunId,
    causationDepth: r.causationDepth,
  };
}

/**
 * The partner's events in log (seq) order, plus the later assignments of its leads to other
 * partners (the reducer drops a lead routed elsewhere).
 */
export async function partnerEvents(db: DbOrTx, partnerId: string): Promise<DomainEvent[]> {
  const e = schema.events;
  const ownLeads = sql`select ${e.payload}->>'leadId' from ${e} where ${e.partnerId} = ${partnerId} and ${e.type} = 'lead.assigned'`;
  const rows = await db
    .select()
    .from(e)
    .where(
      or(
        eq(e.partnerId, partnerId),
        and(eq(e.type, "lead.assigned"), sql`${e.payload}->>'leadId' in (${ownLeads})`),
      ),
    )
    .orderBy(asc(e.seq));
  return rows.map(toDomainEvent);
}

/** The partner's state at `at`, rebuilt from the event log (rates default to the stored ones). */
export async function partnerStateAt(
  db: DbOrTx,
  partnerId: string,
  at: Date,
  rates?: RateBook,
): Promise<PartnerState> {
  const events = await partnerEvents(db, partnerId);
  return rebuildPartnerState(events, at, rates ?? (await loadRateBook(db)), partnerId);
}

const byId = <T extends { id: string }>(rows: T[]): Record<string, T> => {
  const out: Record<string, T> = {};
  for (const r of rows) out[r.id] = r;
  return out;
};

/**
 * The partner's current state read from the projection tables (exists: false when unknown).
 * Money in the tables is already converted, so `rates` is accepted for symmetry only.
 */
export async function partnerStateFromTables(
  db: DbOrTx,
  partnerId: string,
  _rates?: RateBook,
): Promise<PartnerState> {
  const s = schema;
  const [p] = await db.select().from(s.partners).where(eq(s.partners.id, partnerId));
  const state = emptyPartnerState(partnerId);
  if (!p) return state;
  Object.assign(state, {
    exists: true,
    name: p.name,
    tier: p.tier,
    region: p.region,
    country: p.country,
    type: p.type,
    status: p.status,
    accountManagerId: p.accountManagerId,
    compliant: p.compliant,
    createdAt: p.createdAt,
    attributes: p.attributes,
  });
  const [deals, leads, trainings, certs, docs, licenses, inventory, reorders, rewards, tasks] =
    await Promise.all([
      db.select().from(s.deals).where(eq(s.deals.partnerId, partnerId)),
      db.select().from(s.leads).where(eq(s.leads.partnerId, partnerId)),
      db.select().from(s.trainings).where(eq(s.trainings.partnerId, partnerId)),
      db.select().from(s.certifications).where(eq(s.certifications.partnerId, partnerId)),
      db.select().from(s.documents).where(eq(s.documents.partnerId, partnerId)),
      db.select().from(s.licenses).where(eq(s.licenses.partnerId, partnerId)),
      db.select().from(s.inventoryLevels).where(eq(s.inventoryLevels.partnerId, partnerId)),
      db.select().from(s.reorders).where(eq(s.reorders.partnerId, partnerId)),
      db.select().from(s.rewardLedger).where(eq(s.rewardLedger.partnerId, partnerId)),
      db.select().from(s.tasks).where(eq(s.tasks.partnerId, partnerId)),
    ]);
  const [contacts, grants, salesByLine, csat] = await Promise.all([
    db.select().from(s.contacts).where(eq(s.contacts.partnerId, partnerId)),
    db.select().from(s.enablementGrants).where(eq(s.enablementGrants.partnerId, partnerId)),
    db
      .select({
        line: s.sales.productLine,
        count: sql<string>`count(*)`,
        amount: sql<string>`coalesce(sum(${s.sales.amountReportingMinor}), 0)`,
      })
      .from(s.sales)
      .where(eq(s.sales.partnerId, partnerId))
      .groupBy(s.sales.productLine),
    db
      .select({
        count: sql<string>`count(*)`,
        sum: sql<string>`coalesce(sum(${s.csatScores.score}), 0)`,
      })
      .from(s.csatScores)
      .where(eq(s.csatScores.partnerId, partnerId)),
  ]);
  state.deals = byId(
    deals.map(({ partnerId: _p, ...d }): DealState => ({
      ...d,
      currency: d.currency as CurrencyCode,
      productLine: d.productLine as DealState["productLine"],
      status: d.status as DealState["status"],
    })),
  );
  state.leads = byId(
    leads.map((l) => ({
      id: l.id,
      status: l.status as PartnerState["leads"][string]["status"],
      assignedAt: l.assignedAt ?? l.createdAt,
    })),
  );
  state.trainings = byId(
    trainings.map(({ partnerId: _p, ...t }) => ({
      ...t,
      status: t.status as "assigned" | "completed",
      score: t.score === null ? null : Number(t.score),
    })),
  );
  state.certifications = byId(certs.map(({ partnerId: _p, ...c }) => c));
  state.documents = byId(
    docs.map(({ partnerId: _p, ...d }) => ({
      ...d,
      kind: d.kind as PartnerState["documents"][string]["kind"],
      status: d.status as PartnerState["documents"][string]["status"],
    })),
  );
  state.licenses = byId(licenses.map(({ partnerId: _p, ...l }) => l));
  state.inventory = {};
  for (const { partnerId: _p, ...i } of inventory) state.inventory[i.sku] = i;
  state.reorders = byId(reorders.map(({ partnerId: _p, ...r }) => r));
  state.rewards = byId(
    rewards.map(({ partnerId: _p, ...r }) => ({
      ...r,
      kind: r.kind as PartnerState["rewards"][string]["kind"],
      status: r.status as PartnerState["rewards"][string]["status"],
      currency: r.currency as CurrencyCode | null,
    })),
  );
  state.tasks = byId(
    tasks.map(({ partnerId: _p, ...t }) => ({
      ...t,
      team: t.team as PartnerState["tasks"][string]["team"],
      status: t.status as PartnerState["tasks"][string]["status"],
    })),
  );
  state.contacts = byId(contacts.map(({ partnerId: _p, ...c }) => c));
  state.enablement = {};
  for (const g of grants) state.enablement[g.content] = g.grantedAt;
  for (const row of salesByLine) {
    const count = Number(row.count);
    const amount = Number(row.amount);
    state.sales.count += count;
    state.sales.amountReportingMinor += amount;
    state.sales.byProductLine[row.line as ProductLine] = { count, amountReportingMinor: amount };
  }
  state.csat = {
    count: Number(csat[0]?.count ?? 0),
    scoreHundredthsSum: Math.round(Number(csat[0]?.sum ?? 0) * 100),
  };
  return state;
}

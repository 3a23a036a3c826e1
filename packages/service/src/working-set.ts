import { schema, type Tx } from "@partnerflow/db";
import { and } from "drizzle-orm";
import { anyOf, insertRows } from "./bulk.ts";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";

export type PartnerRow = typeof schema.partners.$inferSelect;
export type ContactRow = typeof schema.contacts.$inferSelect;
export type DealRow = typeof schema.deals.$inferSelect;
export type LeadRow = typeof schema.leads.$inferSelect;
export type SaleRow = typeof schema.sales.$inferSelect;
export type TrainingRow = typeof schema.trainings.$inferSelect;
export type CertificationRow = typeof schema.certifications.$inferSelect;
export type DocumentRow = typeof schema.documents.$inferSelect;
export type LicenseRow = typeof schema.licenses.$inferSelect;
export type InventoryRow = typeof schema.inventoryLevels.$inferSelect;
export type ReorderRow = typeof schema.reorders.$inferSelect;
export type CsatRow = typeof schema.csatScores.$inferSelect;
export type RewardRow = typeof schema.rewardLedger.$inferSelect;
export type TaskRow = typeof schema.tasks.$inferSelect;
export type GrantRow = typeof schema.enablementGrants.$inferSelect;

/** Key of a row in a table whose primary key is two columns. */
export const pairKey = (partnerId: string, k: string): string => `${partnerId}\u0000${k}`;

/**
 * The rows of one table a batch reads and writes, held in memory: loaded once up front,
 * changed by the projectors, written back once at the end. New rows are plain INSERTs (a
 * concurrent creation of the same id fails the transaction instead of being overwritten);
 * changed rows are upserts of rows this transaction has locked.
 */
export class RowSet<R extends object> {
  private readonly rows = new Map<string, R>();
  private readonly inserted = new Set<string>();
  private readonly updated = new Set<string>();

  constructor(
    readonly table: PgTable,
    private readonly keyOf: (row: R) => string,
  ) {}

  get(key: string): R | undefined {
    return this.rows.get(key);
  }

  /** Every row held (loaded or changed): bulk loaders write these themselves. */
  values(): IterableIterator<R> {
    return this.rows.values();
  }

  /** Rows read from the database. */
  load(rows: readonly R[]): void {
    for (const r of rows) this.rows.set(this.keyOf(r), r);
  }

  insert(row: R): void {
    const key = this.keyOf(row);
    this.rows.set(key, row);
    this.inserted.add(key);
  }

  update(row: R): void {
    const key = this.keyOf(row);
    this.rows.set(key, row);
    if (!this.inserted.has(key)) this.updated.add(key);
  }

  /** The rows to write back: new ones (plain INSERTs) and changed loaded ones (upserts). */
  changes(): { inserts: R[]; updates: R[] } {
    return {
      inserts: [...this.inserted].map((k) => this.rows.get(k)!),
      updates: [...this.updated].map((k) => this.rows.get(k)!),
    };
  }

  /**
   * Issues the writes without waiting between them: on one connection PostgreSQL runs them
   * in the order issued, so they are pipelined instead of costing a round trip each.
   */
  flush(tx: Tx, conflictTarget: readonly PgColumn[]): Promise<void>[] {
    const { inserts, updates } = this.changes();
    const pending: Promise<void>[] = [];
    for (const chunk of chunks(inserts, 10_000)) pending.push(insertRows(tx, this.table, chunk));
    for (const chunk of chunks(updates, 10_000)) {
      pending.push(insertRows(tx, this.table, chunk, conflictTarget));
    }
    return pending;
  }
}

export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** The working set of one batch: every table the projectors touch. */
export class WorkingSet {
  readonly partners = new RowSet<PartnerRow>(schema.partners, (r) => r.id);
  readonly contacts = new RowSet<ContactRow>(schema.contacts, (r) => r.id);
  readonly deals = new RowSet<DealRow>(schema.deals, (r) => r.id);
  readonly leads = new RowSet<LeadRow>(schema.leads, (r) => r.id);
  readonly sales = new RowSet<SaleRow>(schema.sales, (r) => r.id);
  readonly trainings = new RowSet<TrainingRow>(schema.trainings, (r) => r.id);
  readonly certifications = new RowSet<CertificationRow>(schema.certifications, (r) => r.id);
  readonly documents = new RowSet<DocumentRow>(schema.documents, (r) => r.id);
  readonly licenses = new RowSet<LicenseRow>(schema.licenses, (r) => r.id);
  readonly inventory = new RowSet<InventoryRow>(schema.inventoryLevels, (r) =>
    pairKey(r.partnerId, r.sku),
  );
  readonly reorders = new RowSet<ReorderRow>(schema.reorders, (r) => r.id);
  readonly csat = new RowSet<CsatRow>(schema.csatScores, (r) => r.id);
  readonly rewards = new RowSet<RewardRow>(schema.rewardLedger, (r) => r.id);
  readonly tasks = new RowSet<TaskRow>(schema.tasks, (r) => r.id);
  readonly grants = new RowSet<GrantRow>(schema.enablementGrants, (r) =>
    pairKey(r.partnerId, r.content),
  );

  /** Every table with the columns its upserts conflict on, in the order they are written. */
  tables(): { set: RowSet<object>; conflictTarget: readonly PgColumn[] }[] {
    const s = schema;
    const t = <R extends object>(set: RowSet<R>, conflictTarget: readonly PgColumn[]) => ({
      set: set as unknown as RowSet<object>,
      conflictTarget,
    });
    return [
      t(this.partners, [s.partners.id]),
      t(this.contacts, [s.contacts.id]),
      t(this.deals, [s.deals.id]),
      t(this.leads, [s.leads.id]),
      t(this.sales, [s.sales.id]),
      t(this.trainings, [s.trainings.id]),
      t(this.certifications, [s.certifications.id]),
      t(this.documents, [s.documents.id]),
      t(this.licenses, [s.licenses.id]),
      t(this.inventory, [s.inventoryLevels.partnerId, s.inventoryLevels.sku]),
      t(this.reorders, [s.reorders.id]),
      t(this.csat, [s.csatScores.id]),
      t(this.rewards, [s.rewardLedger.id]),
      t(this.tasks, [s.tasks.id]),
      t(this.grants, [s.enablementGrants.partnerId, s.enablementGrants.content]),
    ];
  }

  /**
   * Writes every change back, one multi-row statement per table and chunk, all issued at
   * once (pipelined, executed in this order); resolves when every one has.
   */
  async flush(tx: Tx): Promise<void> {
    await settleAll(
      this.tables().flatMap(({ set, conflictTarget }) => set.flush(tx, conflictTarget)),
    );
  }
}

/**
 * Waits for every promise (none is left unobserved) and rejects with the FIRST rejection in
 * issue order: pipelined statements fail in order, and after the first failure the rest only
 * report "current transaction is aborted", which would hide the real cause.
 */
export async function settleAll<T>(pending: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(pending);
  const out: T[] = [];
  for (const r of settled) {
    if (r.status === "rejected") throw r.reason;
    out.push(r.value);
  }
  return out;
}

/** Ids a batch refers to, per table, collected before loading. */
export class Wanted {
  readonly partners = new Set<string>();
  readonly contacts = new Set<string>();
  readonly deals = new Set<string>();
  readonly leads = new Set<string>();
  readonly sales = new Set<string>();
  readonly trainings = new Set<string>();
  readonly certifications = new Set<string>();
  readonly documents = new Set<string>();
  readonly licenses = new Set<string>();
  readonly csat = new Set<string>();
  readonly rewards = new Set<string>();
  readonly tasks = new Set<string>();
  /** partnerId → skus */
  readonly inventory = new Map<string, Set<string>>();
  /** partnerId → contents */
  readonly grants = new Map<string, Set<string>>();
}

async function byIds<R>(ids: Set<string>, query: (ids: string[]) => Promise<R[]>): Promise<R[]> {
  const parts = await settleAll([...chunks([...ids].sort(), 5000)].map((chunk) => query(chunk)));
  return parts.flat();
}

/**
 * Locks the partners a batch writes to, in id order, and returns their rows. Taken before
 * the idempotency lookup, so a writer that waited for a lock sees what the previous holder
 * committed (a repeated key answers as a duplicate instead of failing a domain check).
 */
export async function lockPartners(tx: Tx, ids: ReadonlySet<string>): Promise<PartnerRow[]> {
  return byIds(new Set(ids), (chunk) =>
    tx
      .select()
      .from(schema.partners)
      .where(anyOf(schema.partners.id, chunk))
      .orderBy(schema.partners.id)
      .for("update"),
  );
}

/**
 * Loads every referenced row in one query per table (partners come locked from
 * lockPartners; leads are locked FOR UPDATE in id order): every partner-scoped write holds
 * its partner's lock, so two transactions never project the same partner at once.
 */
export async function loadWorkingSet(
  tx: Tx,
  w: Wanted,
  partners: readonly PartnerRow[],
): Promise<WorkingSet> {
  const ws = new WorkingSet();
  const s = schema;
  ws.partners.load(partners);
  // Every SELECT is issued at once (pipelined on the transaction's connection; the leads'
  // FOR UPDATE still runs first, in id order), then the rows are loaded in this order.
  const loads: Promise<void>[] = [];
  const load = <R extends object>(set: RowSet<R>, rows: Promise<R[]>): void => {
    loads.push(rows.then((r) => set.load(r)));
  };
  load(
    ws.leads,
    byIds(w.leads, (ids) =>
      tx.select().from(s.leads).where(anyOf(s.leads.id, ids)).orderBy(s.leads.id).for("update"),
    ),
  );
  const simple = [
    [ws.contacts, s.contacts, w.contacts],
    [ws.deals, s.deals, w.deals],
    [ws.sales, s.sales, w.sales],
    [ws.trainings, s.trainings, w.trainings],
    [ws.certifications, s.certifications, w.certifications],
    [ws.documents, s.documents, w.documents],
    [ws.licenses, s.licenses, w.licenses],
    [ws.csat, s.csatScores, w.csat],
    [ws.rewards, s.rewardLedger, w.rewards],
    [ws.tasks, s.tasks, w.tasks],
  ] as const;
  for (const [set, table, ids] of simple) {
    if (ids.size === 0) continue;
    load(
      set as RowSet<object>,
      byIds(ids, (chunk) =>
        tx
          .select()
          .from(table as PgTable & { id: PgColumn })
          .where(anyOf((table as { id: PgColumn }).id, chunk)),
      ),
    );
  }
  if (w.inventory.size > 0) {
    const skus = new Set<string>();
    for (const v of w.inventory.values()) for (const k of v) skus.add(k);
    const t = s.inventoryLevels;
    load(
      ws.inventory,
      tx
        .select()
        .from(t)
        .where(and(anyOf(t.partnerId, [...w.inventory.keys()]), anyOf(t.sku, [...skus]))),
    );
  }
  if (w.grants.size > 0) {
    const contents = new Set<string>();
    for (const v of w.grants.values()) for (const k of v) contents.add(k);
    const t = s.enablementGrants;
    load(
      ws.grants,
      tx
        .select()
        .from(t)
        .where(and(anyOf(t.partnerId, [...w.grants.keys()]), anyOf(t.content, [...contents]))),
    );
  }
  await settleAll(loads);
  return ws;
}

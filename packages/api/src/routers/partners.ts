import { and, count, eq, ilike, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { schema, type DbOrTx } from "@partnerflow/db";
import type { AnyPgColumn, AnyPgTable } from "drizzle-orm/pg-core";
import { PartnerStatus, PartnerType, Region, Tier, TIERS } from "@partnerflow/domain";
import { notFound } from "../errors.ts";
import {
  Cursor,
  keysetOrder,
  keysetWhere,
  Limit,
  SortDir,
  toPage,
  type Keyset,
} from "../pagination.ts";
import { publicProcedure } from "../trpc.ts";
import { partnerMetrics } from "./partner-metrics.ts";
import { eventOut, eventPage } from "./events.ts";

const { partners, users, events } = schema;

/** Tiers sort by program level, not alphabetically. */
const tierRank = sql`(case ${partners.tier} ${sql.join(
  TIERS.map((t, i) => sql`when ${t} then ${i}`),
  sql` `,
)} else -1 end)`;

export const PartnerSort = z.enum(["name", "tier", "createdAt", "region"]);

export const PartnerListInput = z
  .strictObject({
    search: z.string().trim().max(200).optional(),
    tier: Tier.optional(),
    region: Region.optional(),
    status: PartnerStatus.optional(),
    type: PartnerType.optional(),
    accountManagerId: z.string().min(1).max(120).optional(),
    sort: PartnerSort.default("name"),
    dir: SortDir.default("asc"),
    limit: Limit,
    cursor: Cursor,
  })
  .default({ sort: "name", dir: "asc", limit: 50 });

function keyset(sort: z.infer<typeof PartnerSort>, dir: SortDir): Keyset {
  const base = { id: partners.id, idType: "text", dir } as const;
  switch (sort) {
    case "name":
      return { ...base, sort: partners.name, sortType: "text" };
    case "region":
      return { ...base, sort: partners.region, sortType: "text" };
    case "createdAt":
      return { ...base, sort: partners.createdAt, sortType: "timestamptz" };
    case "tier":
      return { ...base, sort: tierRank, sortType: "int" };
  }
}

/** `%` and `_` typed by a user are literal characters, not wildcards. */
const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const partnersQueries = {
  /** Searchable, filterable, sortable partner list with keyset pagination. */
  list: publicProcedure.input(PartnerListInput).query(async ({ ctx, input }) => {
    const k = keyset(input.sort, input.dir);
    const filters: (SQL | undefined)[] = [
      input.search ? ilike(partners.name, likePattern(input.search)) : undefined,
      input.tier ? eq(partners.tier, input.tier) : undefined,
      input.region ? eq(partners.region, input.region) : undefined,
      input.status ? eq(partners.status, input.status) : undefined,
      input.type ? eq(partners.type, input.type) : undefined,
      input.accountManagerId ? eq(partners.accountManagerId, input.accountManagerId) : undefined,
    ];
    const where = and(...filters);
    const rows = await ctx.db
      .select({ partner: partners, tierRank: sql<number>`${tierRank}`.mapWith(Number) })
      .from(partners)
      .where(and(where, keysetWhere(k, input.cursor)))
      .orderBy(...keysetOrder(k))
      .limit(input.limit + 1);
    const [total] = await ctx.db.select({ n: count() }).from(partners).where(where);
    const page = toPage(rows, input.limit, (r) => {
      const p = r.partner;
      const v = { name: p.name, region: p.region, createdAt: p.createdAt, tier: r.tierRank };
      return [v[input.sort], p.id];
    });
    return {
      items: page.items.map((r) => r.partner),
      nextCursor: page.nextCursor,
      total: total?.n ?? 0,
    };
  }),

  /** One partner's profile, account manager, key metrics and related-record counts. */
  byId: publicProcedure
    .input(z.strictObject({ id: z.string().min(1).max(120) }))
    .query(async ({ ctx, input }) => {
      const [partner] = await ctx.db.select().from(partners).where(eq(partners.id, input.id));
      if (!partner) throw notFound("partner", input.id);
      const [accountManager] = partner.accountManagerId
        ? await ctx.db.select().from(users).where(eq(users.id, partner.accountManagerId))
        : [];
      const [metrics, counts] = await Promise.all([
        partnerMetrics(ctx, partner.id),
        relatedCounts(ctx.db, partner.id),
      ]);
      return { partner, accountManager: accountManager ?? null, metrics, counts };
    }),

  /** The partner's events, newest first. */
  timeline: publicProcedure
    .input(
      z.strictObject({
        id: z.string().min(1).max(120),
        type: z.string().min(1).max(80).optional(),
        limit: Limit,
        cursor: Cursor,
      }),
    )
    .query(async ({ ctx, input }) => {
      const page = await eventPage(ctx.db, {
        where: and(
          eq(events.partnerId, input.id),
          input.type ? eq(events.type, input.type) : undefined,
        ),
        limit: input.limit,
        cursor: input.cursor,
      });
      return { items: page.items.map(eventOut), nextCursor: page.nextCursor };
    }),
};

/** A scalar subquery counting one partner's rows in a table. */
function countOf(table: AnyPgTable, partnerCol: AnyPgColumn, partnerId: string) {
  return sql<number>`(select count(*) from ${table} where ${partnerCol} = ${partnerId})`.mapWith(
    Number,
  );
}

async function relatedCounts(db: DbOrTx, partnerId: string) {
  const t = schema;
  const [row] = await db
    .select({
      contacts: countOf(t.contacts, t.contacts.partnerId, partnerId),
      deals: countOf(t.deals, t.deals.partnerId, partnerId),
      sales: countOf(t.sales, t.sales.partnerId, partnerId),
      leads: countOf(t.leads, t.leads.partnerId, partnerId),
      trainings: countOf(t.trainings, t.trainings.partnerId, partnerId),
      certifications: countOf(t.certifications, t.certifications.partnerId, partnerId),
      documents: countOf(t.documents, t.documents.partnerId, partnerId),
      licenses: countOf(t.licenses, t.licenses.partnerId, partnerId),
      rewards: countOf(t.rewardLedger, t.rewardLedger.partnerId, partnerId),
      events: countOf(t.events, t.events.partnerId, partnerId),
    })
    .from(sql`(select 1) as one`);
  return row!;
}

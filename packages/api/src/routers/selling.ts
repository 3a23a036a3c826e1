import { and, eq, gte, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@partnerflow/db";
import { DealStatus, LeadStatus, ProductLine, Region } from "@partnerflow/domain";
import { maybeMoney, moneyOut } from "../money.ts";
import { Cursor, keysetOrder, keysetWhere, Limit, toPage, type Keyset } from "../pagination.ts";
import { publicProcedure, router } from "../trpc.ts";

const { deals, sales, leads } = schema;
const PartnerId = z.string().min(1).max(120);
const When = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time with offset" });

const newest = (sort: Keyset["sort"], id: Keyset["id"]): Keyset => ({
  sort,
  sortType: "timestamptz",
  id,
  idType: "text",
  dir: "desc",
});

const DEALS = newest(deals.registeredAt, deals.id);
const SALES = newest(sales.soldAt, sales.id);
const LEADS = newest(leads.createdAt, leads.id);

/** Read side of deal registrations. Mutations live in ./mutations.ts (through the service). */
export const dealsQueries = {
  /** Deal registrations, newest first; per partner or across the program. */
  list: publicProcedure
    .input(
      z
        .strictObject({
          partnerId: PartnerId.optional(),
          status: DealStatus.optional(),
          productLine: ProductLine.optional(),
          limit: Limit,
          cursor: Cursor,
        })
        .default({ limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db
        .select()
        .from(deals)
        .where(
          and(
            input.partnerId ? eq(deals.partnerId, input.partnerId) : undefined,
            input.status ? eq(deals.status, input.status) : undefined,
            input.productLine ? eq(deals.productLine, input.productLine) : undefined,
            keysetWhere(DEALS, input.cursor),
          ),
        )
        .orderBy(...keysetOrder(DEALS))
        .limit(input.limit + 1);
      const page = toPage(rows, input.limit, (d) => [d.registeredAt, d.id]);
      return {
        items: page.items.map((d) => ({ ...d, amount: moneyOut(d.amountMinor, d.currency) })),
        nextCursor: page.nextCursor,
      };
    }),
};

export const salesQueries = {
  /** Sales, newest first, with totals per currency over the whole filter (not just the page). */
  list: publicProcedure
    .input(
      z
        .strictObject({
          partnerId: PartnerId.optional(),
          productLine: ProductLine.optional(),
          from: When.optional(),
          to: When.optional(),
          limit: Limit,
          cursor: Cursor,
        })
        .default({ limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const where = and(
        input.partnerId ? eq(sales.partnerId, input.partnerId) : undefined,
        input.productLine ? eq(sales.productLine, input.productLine) : undefined,
        input.from ? gte(sales.soldAt, new Date(input.from)) : undefined,
        input.to ? lt(sales.soldAt, new Date(input.to)) : undefined,
      );
      const rows = await ctx.db
        .select()
        .from(sales)
        .where(and(where, keysetWhere(SALES, input.cursor)))
        .orderBy(...keysetOrder(SALES))
        .limit(input.limit + 1);
      const totals = await ctx.db
        .select({
          currency: sales.currency,
          minor: sql<number>`coalesce(sum(${sales.amountMinor}), 0)`.mapWith(Number),
          reportingMinor: sql<number>`coalesce(sum(${sales.amountReportingMinor}), 0)`.mapWith(
            Number,
          ),
          count: sql<number>`count(*)`.mapWith(Number),
        })
        .from(sales)
        .where(where)
        .groupBy(sales.currency)
        .orderBy(sales.currency);
      const page = toPage(rows, input.limit, (s) => [s.soldAt, s.id]);
      return {
        items: page.items.map((s) => ({ ...s, amount: moneyOut(s.amountMinor, s.currency) })),
        nextCursor: page.nextCursor,
        totals: totals.map((t) => ({
          currency: t.currency,
          count: t.count,
          amount: moneyOut(t.minor, t.currency),
          reporting: moneyOut(t.reportingMinor, "USD"),
        })),
      };
    }),
};

export const leadsRouter = router({
  /** Leads, newest first; `partnerId` filters to those routed to one partner. */
  list: publicProcedure
    .input(
      z
        .strictObject({
          partnerId: PartnerId.optional(),
          status: LeadStatus.optional(),
          region: Region.optional(),
          limit: Limit,
          cursor: Cursor,
        })
        .default({ limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db
        .select()
        .from(leads)
        .where(
          and(
            input.partnerId ? eq(leads.partnerId, input.partnerId) : undefined,
            input.status ? eq(leads.status, input.status) : undefined,
            input.region ? eq(leads.region, input.region) : undefined,
            keysetWhere(LEADS, input.cursor),
          ),
        )
        .orderBy(...keysetOrder(LEADS))
        .limit(input.limit + 1);
      const page = toPage(rows, input.limit, (l) => [l.createdAt, l.id]);
      return {
        items: page.items.map((l) => ({
          ...l,
          estimatedValue: maybeMoney(l.estimatedValueMinor, l.currency),
        })),
        nextCursor: page.nextCursor,
      };
    }),
});

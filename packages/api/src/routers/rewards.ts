import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@partnerflow/db";
import { RewardKind, RewardStatus } from "@partnerflow/domain";
import { maybeMoney } from "../money.ts";
import { Cursor, keysetOrder, keysetWhere, Limit, toPage, type Keyset } from "../pagination.ts";
import { publicProcedure } from "../trpc.ts";

const { rewardLedger } = schema;

const NEWEST: Keyset = {
  sort: rewardLedger.createdAt,
  sortType: "timestamptz",
  id: rewardLedger.id,
  idType: "text",
  dir: "desc",
};

export const RewardFilter = z.strictObject({
  partnerId: z.string().min(1).max(120).optional(),
  kind: RewardKind.optional(),
  status: RewardStatus.optional(),
  runId: z.string().min(1).max(120).optional(),
});

function whereOf(f: z.infer<typeof RewardFilter>) {
  return and(
    f.partnerId ? eq(rewardLedger.partnerId, f.partnerId) : undefined,
    f.kind ? eq(rewardLedger.kind, f.kind) : undefined,
    f.status ? eq(rewardLedger.status, f.status) : undefined,
    f.runId ? eq(rewardLedger.runId, f.runId) : undefined,
  );
}

/** Read side of the reward ledger; `setStatus` lives with the other mutations. */
export const rewardsQueries = {
  /** Ledger entries, newest first, per partner or program-wide. */
  list: publicProcedure
    .input(RewardFilter.extend({ limit: Limit, cursor: Cursor }).default({ limit: 50 }))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db
        .select()
        .from(rewardLedger)
        .where(and(whereOf(input), keysetWhere(NEWEST, input.cursor)))
        .orderBy(...keysetOrder(NEWEST))
        .limit(input.limit + 1);
      const page = toPage(rows, input.limit, (r) => [r.createdAt, r.id]);
      return {
        items: page.items.map((r) => ({ ...r, amount: maybeMoney(r.amountMinor, r.currency) })),
        nextCursor: page.nextCursor,
      };
    }),

  /**
   * Totals over the filter, one row per (currency, kind, status): amounts are never summed
   * across currencies here, points rows have a null currency.
   */
  totals: publicProcedure.input(RewardFilter.default({})).query(async ({ ctx, input }) => {
    const rows = await ctx.db
      .select({
        currency: rewardLedger.currency,
        kind: rewardLedger.kind,
        status: rewardLedger.status,
        count: sql<number>`count(*)`.mapWith(Number),
        minor: sql<number | null>`sum(${rewardLedger.amountMinor})`.mapWith(Number),
        points: sql<number | null>`sum(${rewardLedger.points})`.mapWith(Number),
      })
      .from(rewardLedger)
      .where(whereOf(input))
      .groupBy(rewardLedger.currency, rewardLedger.kind, rewardLedger.status)
      .orderBy(rewardLedger.currency, rewardLedger.kind, rewardLedger.status);
    return rows.map((r) => ({
      currency: r.currency,
      kind: r.kind,
      status: r.status,
      count: r.count,
      amount: maybeMoney(r.minor === null || Number.isNaN(r.minor) ? null : r.minor, r.currency),
      points: r.points === null || Number.isNaN(r.points) ? 0 : r.points,
    }));
  }),
};

import { and, eq, type SQL } from "drizzle-orm";
import { z } from "zod";
import { schema, type DbOrTx } from "@partnerflow/db";
import { EVENT_TYPES, isEventType } from "@partnerflow/domain";
import { Cursor, keysetOrder, keysetWhere, Limit, toPage, type Keyset } from "../pagination.ts";
import { publicProcedure } from "../trpc.ts";

const { events } = schema;
type EventRow = typeof events.$inferSelect;

/** Newest first by when it happened; `seq` breaks ties between events of the same instant. */
const NEWEST_FIRST: Keyset = {
  sort: events.occurredAt,
  sortType: "timestamptz",
  id: events.seq,
  idType: "bigint",
  dir: "desc",
};

/** One page of the event log under a filter, newest first. */
export async function eventPage(
  db: DbOrTx,
  opts: { where: SQL | undefined; limit: number; cursor: string | null | undefined },
) {
  const rows = await db
    .select()
    .from(events)
    .where(and(opts.where, keysetWhere(NEWEST_FIRST, opts.cursor)))
    .orderBy(...keysetOrder(NEWEST_FIRST))
    .limit(opts.limit + 1);
  return toPage(rows, opts.limit, (e) => [e.occurredAt, e.seq]);
}

/** An event row plus its catalog label, so feeds need no second lookup. */
export function eventOut(e: EventRow) {
  return {
    seq: e.seq,
    type: e.type,
    label: isEventType(e.type) ? EVENT_TYPES[e.type].label : e.type,
    partnerId: e.partnerId,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    payload: e.payload,
    idempotencyKey: e.idempotencyKey,
    causationRunId: e.causationRunId,
    causationDepth: e.causationDepth,
  };
}

export const eventsQueries = {
  /** The global activity feed, newest first, optionally one event type. */
  recent: publicProcedure
    .input(
      z
        .strictObject({
          type: z.string().min(1).max(80).optional(),
          limit: Limit,
          cursor: Cursor,
        })
        .default({ limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const page = await eventPage(ctx.db, {
        where: input.type ? eq(events.type, input.type) : undefined,
        limit: input.limit,
        cursor: input.cursor,
      });
      return { items: page.items.map(eventOut), nextCursor: page.nextCursor };
    }),
};

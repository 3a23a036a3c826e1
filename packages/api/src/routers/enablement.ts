import { and, eq, isNull, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@partnerflow/db";
import { DocumentKind, DocumentStatus, TrainingStatus } from "@partnerflow/domain";
import { Cursor, keysetOrder, keysetWhere, Limit, toPage, type Keyset } from "../pagination.ts";
import { publicProcedure, router } from "../trpc.ts";

const { trainings, certifications, documents, licenses } = schema;
const PartnerId = z.string().min(1).max(120);
const When = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time with offset" });

/** A training's latest moment: completion when done, else assignment. */
const trainingTime = sql`coalesce(${trainings.completedAt}, ${trainings.assignedAt}, 'epoch'::timestamptz)`;
const EPOCH = new Date(0);

const TRAININGS: Keyset = {
  sort: trainingTime,
  sortType: "timestamptz",
  id: trainings.id,
  idType: "text",
  dir: "desc",
};
const CERTS: Keyset = {
  sort: certifications.earnedAt,
  sortType: "timestamptz",
  id: certifications.id,
  idType: "text",
  dir: "desc",
};
const DOCS: Keyset = {
  sort: documents.submittedAt,
  sortType: "timestamptz",
  id: documents.id,
  idType: "text",
  dir: "desc",
};
/** Licenses list soonest expiry first: what an account manager needs to act on. */
const LICENSES: Keyset = {
  sort: licenses.expiresAt,
  sortType: "timestamptz",
  id: licenses.id,
  idType: "text",
  dir: "asc",
};

export const trainingsRouter = router({
  /** Course assignments and completions, most recent first. */
  list: publicProcedure
    .input(
      z
        .strictObject({
          partnerId: PartnerId.optional(),
          status: TrainingStatus.optional(),
          limit: Limit,
          cursor: Cursor,
        })
        .default({ limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db
        .select()
        .from(trainings)
        .where(
          and(
            input.partnerId ? eq(trainings.partnerId, input.partnerId) : undefined,
            input.status ? eq(trainings.status, input.status) : undefined,
            keysetWhere(TRAININGS, input.cursor),
          ),
        )
        .orderBy(...keysetOrder(TRAININGS))
        .limit(input.limit + 1);
      return toPage(rows, input.limit, (t) => [t.completedAt ?? t.assignedAt ?? EPOCH, t.id]);
    }),

  /** Certifications, newest first; `activeOnly` hides expired ones. */
  certifications: publicProcedure
    .input(
      z
        .strictObject({
          partnerId: PartnerId.optional(),
          activeOnly: z.boolean().default(false),
          limit: Limit,
          cursor: Cursor,
        })
        .default({ activeOnly: false, limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db
        .select()
        .from(certifications)
        .where(
          and(
            input.partnerId ? eq(certifications.partnerId, input.partnerId) : undefined,
            input.activeOnly ? isNull(certifications.expiredAt) : undefined,
            keysetWhere(CERTS, input.cursor),
          ),
        )
        .orderBy(...keysetOrder(CERTS))
        .limit(input.limit + 1);
      return toPage(rows, input.limit, (c) => [c.earnedAt, c.id]);
    }),
});

export const documentsRouter = router({
  /** Compliance documents, most recently submitted first. */
  list: publicProcedure
    .input(
      z
        .strictObject({
          partnerId: PartnerId.optional(),
          kind: DocumentKind.optional(),
          status: DocumentStatus.optional(),
          limit: Limit,
          cursor: Cursor,
        })
        .default({ limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db
        .select()
        .from(documents)
        .where(
          and(
            input.partnerId ? eq(documents.partnerId, input.partnerId) : undefined,
            input.kind ? eq(documents.kind, input.kind) : undefined,
            input.status ? eq(documents.status, input.status) : undefined,
            keysetWhere(DOCS, input.cursor),
          ),
        )
        .orderBy(...keysetOrder(DOCS))
        .limit(input.limit + 1);
      return toPage(rows, input.limit, (d) => [d.submittedAt, d.id]);
    }),
});

export const licensesRouter = router({
  /** Licenses, soonest expiry first; `expiringBefore` narrows to those lapsing by a date. */
  list: publicProcedure
    .input(
      z
        .strictObject({
          partnerId: PartnerId.optional(),
          expiringBefore: When.optional(),
          limit: Limit,
          cursor: Cursor,
        })
        .default({ limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db
        .select()
        .from(licenses)
        .where(
          and(
            input.partnerId ? eq(licenses.partnerId, input.partnerId) : undefined,
            input.expiringBefore
              ? lt(licenses.expiresAt, new Date(input.expiringBefore))
              : undefined,
            keysetWhere(LICENSES, input.cursor),
          ),
        )
        .orderBy(...keysetOrder(LICENSES))
        .limit(input.limit + 1);
      return toPage(rows, input.limit, (l) => [l.expiresAt, l.id]);
    }),
});

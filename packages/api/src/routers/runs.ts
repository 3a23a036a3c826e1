import { and, asc, eq, gte, lte, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { schema } from "@partnerflow/db";
import { cancelRun, decideApproval, retryRun } from "@partnerflow/runtime";
import { notFound } from "../errors.ts";
import { Cursor, keysetOrder, keysetWhere, Limit, toPage, type Keyset } from "../pagination.ts";
import { publicProcedure, router } from "../trpc.ts";
import { runNodes } from "./run-nodes.ts";
import { runtimeCall } from "./runtime-errors.ts";

const { runs, runSteps, approvals, outbox, workflows, workflowVersions } = schema;
const Id = z.string().min(1).max(200);
const RunStatus = z.enum([
  "queued",
  "running",
  "parked",
  "completed",
  "failed",
  "dead",
  "cancelled",
]);

const NEWEST_RUN: Keyset = {
  sort: runs.createdAt,
  sortType: "timestamptz",
  id: runs.id,
  idType: "text",
  dir: "desc",
};
const NEWEST_MESSAGE: Keyset = {
  sort: outbox.id,
  sortType: "bigint",
  id: outbox.id,
  idType: "bigint",
  dir: "desc",
};

const runColumns = {
  id: runs.id,
  workflowId: runs.workflowId,
  workflowName: workflows.name,
  version: runs.version,
  triggerKey: runs.triggerKey,
  /** The event type that started the run (null for schedules, dates and thresholds). */
  triggerEvent: sql<string | null>`${runs.state} -> 'trigger' -> 'event' ->> 'type'`,
  partnerId: runs.partnerId,
  status: runs.status,
  attempts: runs.attempts,
  causationDepth: runs.causationDepth,
  dueAt: runs.dueAt,
  error: runs.error,
  createdAt: runs.createdAt,
  updatedAt: runs.updatedAt,
  finishedAt: runs.finishedAt,
};

/** Workflow runs: list with filters, one run with its step trace, retry and cancel. */
export const runsRouter = router({
  list: publicProcedure
    .input(
      z
        .strictObject({
          workflowId: Id.optional(),
          version: z.number().int().min(1).optional(),
          status: RunStatus.optional(),
          partnerId: Id.optional(),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
          limit: Limit,
          cursor: Cursor,
        })
        .default({ limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db
        .select(runColumns)
        .from(runs)
        .leftJoin(workflows, eq(workflows.id, runs.workflowId))
        .where(
          and(
            input.workflowId ? eq(runs.workflowId, input.workflowId) : undefined,
            input.version ? eq(runs.version, input.version) : undefined,
            input.status ? eq(runs.status, input.status) : undefined,
            input.partnerId ? eq(runs.partnerId, input.partnerId) : undefined,
            input.from ? gte(runs.createdAt, new Date(input.from)) : undefined,
            input.to ? lte(runs.createdAt, new Date(input.to)) : undefined,
            keysetWhere(NEWEST_RUN, input.cursor),
          ),
        )
        .orderBy(...keysetOrder(NEWEST_RUN))
        .limit(input.limit + 1);
      return toPage(rows, input.limit, (r) => [r.createdAt, r.id]);
    }),

  get: publicProcedure.input(z.strictObject({ id: Id })).query(async ({ ctx, input }) => {
    const [run] = await ctx.db
      .select({ ...runColumns, state: runs.state })
      .from(runs)
      .leftJoin(workflows, eq(workflows.id, runs.workflowId))
      .where(eq(runs.id, input.id));
    if (!run) throw notFound("run", input.id);
    const [version] = await ctx.db
      .select({ graph: workflowVersions.graph })
      .from(workflowVersions)
      .innerJoin(runs, eq(runs.versionId, workflowVersions.id))
      .where(eq(runs.id, input.id));
    const steps = await ctx.db
      .select()
      .from(runSteps)
      .where(eq(runSteps.runId, input.id))
      .orderBy(asc(runSteps.seq));
    const messages = await ctx.db
      .select()
      .from(outbox)
      .where(eq(outbox.runId, input.id))
      .orderBy(asc(outbox.id));
    const waitingOn = await ctx.db
      .select()
      .from(approvals)
      .where(eq(approvals.runId, input.id))
      .orderBy(asc(approvals.createdAt));
    return {
      ...run,
      nodes: runNodes(version?.graph),
      steps,
      outbox: messages,
      approvals: waitingOn,
    };
  }),

  retry: publicProcedure
    .input(z.strictObject({ id: Id }))
    .mutation(({ ctx, input }) =>
      runtimeCall(() => retryRun({ database: ctx.database, clock: undefined }, input.id)),
    ),

  cancel: publicProcedure
    .input(z.strictObject({ id: Id }))
    .mutation(({ ctx, input }) =>
      runtimeCall(() => cancelRun({ database: ctx.database }, input.id)),
    ),
});

/** The Approvals inbox, newest request first; decided ones newest decision first. */
const NEWEST_ASK: Keyset = {
  sort: approvals.createdAt,
  sortType: "timestamptz",
  id: approvals.id,
  idType: "text",
  dir: "desc",
};
const NEWEST_DECISION: Keyset = {
  sort: sql`coalesce(${approvals.decidedAt}, ${approvals.createdAt})`,
  sortType: "timestamptz",
  id: approvals.id,
  idType: "text",
  dir: "desc",
};

/** The Approvals inbox. */
export const approvalsRouter = router({
  list: publicProcedure
    .input(
      z
        .strictObject({
          status: z.enum(["pending", "approved", "rejected", "timed_out", "cancelled"]).optional(),
          /** The inbox's tabs: still waiting, or answered (approved, rejected, timed out, cancelled). */
          view: z.enum(["pending", "decided"]).optional(),
          limit: Limit,
          cursor: Cursor,
        })
        .default({ limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const keyset = input.view === "decided" ? NEWEST_DECISION : NEWEST_ASK;
      const rows = await ctx.db
        .select({
          id: approvals.id,
          runId: approvals.runId,
          nodeId: approvals.nodeId,
          workflowId: approvals.workflowId,
          workflowName: workflows.name,
          partnerId: approvals.partnerId,
          title: approvals.title,
          approverRole: approvals.approverRole,
          status: approvals.status,
          decidedBy: approvals.decidedBy,
          comment: approvals.comment,
          dueAt: approvals.dueAt,
          createdAt: approvals.createdAt,
          decidedAt: approvals.decidedAt,
        })
        .from(approvals)
        .leftJoin(workflows, eq(workflows.id, approvals.workflowId))
        .where(
          and(
            input.status ? eq(approvals.status, input.status) : undefined,
            input.view === "pending" ? eq(approvals.status, "pending") : undefined,
            input.view === "decided" ? ne(approvals.status, "pending") : undefined,
            keysetWhere(keyset, input.cursor),
          ),
        )
        .orderBy(...keysetOrder(keyset))
        .limit(input.limit + 1);
      return toPage(rows, input.limit, (a) => [
        keyset === NEWEST_DECISION ? (a.decidedAt ?? a.createdAt) : a.createdAt,
        a.id,
      ]);
    }),

  decide: publicProcedure
    .input(
      z.strictObject({
        id: Id,
        decision: z.enum(["approve", "reject"]),
        comment: z.string().max(2_000).optional(),
        by: z.string().max(200).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      runtimeCall(() => decideApproval({ database: ctx.database, clock: undefined }, input)),
    ),
});

/** Activity: emails and webhooks the runtime sent (or, on the embedded default, kept). */
export const outboxRouter = router({
  list: publicProcedure
    .input(
      z
        .strictObject({
          channel: z.enum(["email", "webhook"]).optional(),
          status: z
            .enum(["pending", "sending", "delivered", "delivered_local", "failed"])
            .optional(),
          limit: Limit,
          cursor: Cursor,
        })
        .default({ limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db
        .select()
        .from(outbox)
        .where(
          and(
            input.channel ? eq(outbox.channel, input.channel) : undefined,
            input.status ? eq(outbox.status, input.status) : undefined,
            keysetWhere(NEWEST_MESSAGE, input.cursor),
          ),
        )
        .orderBy(...keysetOrder(NEWEST_MESSAGE))
        .limit(input.limit + 1);
      return toPage(rows, input.limit, (r) => [r.id, r.id]);
    }),
});

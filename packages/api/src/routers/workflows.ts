import { z } from "zod";
import {
  activateWorkflow,
  archiveWorkflow,
  createWorkflow,
  deactivateWorkflow,
  duplicateWorkflow,
  exportWorkflow,
  getWorkflow,
  listWorkflows,
  publishWorkflow,
  renameWorkflow,
  saveDraft,
  testRun,
  TestRunInput,
} from "@partnerflow/runtime";
import { publicProcedure, router } from "../trpc.ts";
import { runtimeCall } from "./runtime-errors.ts";

const Id = z.string().min(1).max(120);
const Name = z.string().trim().min(1, "name must not be empty").max(200);
const Description = z.string().max(2_000);
/** The graph is validated (and its problems named) by the runtime/compiler, not here. */
const GraphInput = z.unknown();

/** Workflows: drafts with optimistic concurrency, immutable versions, one active version. */
export const workflowsRouter = router({
  list: publicProcedure
    .input(
      z
        .strictObject({
          search: z.string().max(200).optional(),
          includeArchived: z.boolean().optional(),
        })
        .default({}),
    )
    .query(({ ctx, input }) => listWorkflows(ctx.db, input)),

  create: publicProcedure
    .input(
      z.strictObject({
        name: Name,
        description: Description.optional(),
        graph: GraphInput.optional(),
        templateId: z.string().min(1).max(120).optional(),
      }),
    )
    .mutation(({ ctx, input }) => runtimeCall(() => createWorkflow(ctx.db, input))),

  get: publicProcedure
    .input(z.strictObject({ id: Id }))
    .query(({ ctx, input }) => runtimeCall(() => getWorkflow(ctx.db, input.id))),

  saveDraft: publicProcedure
    .input(
      z.strictObject({ id: Id, graph: GraphInput, baseRevision: z.number().int().nonnegative() }),
    )
    .mutation(({ ctx, input }) => runtimeCall(() => saveDraft(ctx.db, input))),

  rename: publicProcedure
    .input(z.strictObject({ id: Id, name: Name, description: Description.optional() }))
    .mutation(({ ctx, input }) => runtimeCall(() => renameWorkflow(ctx.db, input))),

  duplicate: publicProcedure
    .input(z.strictObject({ id: Id }))
    .mutation(({ ctx, input }) => runtimeCall(() => duplicateWorkflow(ctx.db, input.id))),

  archive: publicProcedure
    .input(z.strictObject({ id: Id }))
    .mutation(({ ctx, input }) =>
      runtimeCall(() => ctx.db.transaction((tx) => archiveWorkflow(tx, input.id))),
    ),

  publish: publicProcedure
    .input(
      z.strictObject({
        id: Id,
        note: z.string().trim().min(1, "note must not be empty").max(2_000),
        author: z.string().max(200).optional(),
      }),
    )
    .mutation(({ ctx, input }) => runtimeCall(() => publishWorkflow(ctx.db, input))),

  activate: publicProcedure
    .input(z.strictObject({ id: Id, version: z.number().int().min(1) }))
    .mutation(({ ctx, input }) => runtimeCall(() => activateWorkflow(ctx.db, input))),

  deactivate: publicProcedure
    .input(z.strictObject({ id: Id }))
    .mutation(({ ctx, input }) =>
      runtimeCall(() => ctx.db.transaction((tx) => deactivateWorkflow(tx, input))),
    ),

  export: publicProcedure
    .input(z.strictObject({ id: Id, version: z.number().int().min(1).optional() }))
    .query(({ ctx, input }) => runtimeCall(() => exportWorkflow(ctx.db, input))),

  /** Runs a (draft) graph against one event on a dry-run host: reads the database, writes nothing. */
  testRun: publicProcedure
    .input(TestRunInput)
    .mutation(({ ctx, input }) => runtimeCall(() => testRun(ctx.db, input))),
});

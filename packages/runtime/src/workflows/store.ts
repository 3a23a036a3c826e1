import { and, desc, eq, ilike, or, sql } from "drizzle-orm";
import { schema, queryRows, type DbOrTx } from "@partnerflow/db";
import { notFound, RuntimeError } from "../errors.ts";
import { newId } from "../ids.ts";
import { emptyGraph, fixtureGraph, parseGraph, type Graph } from "../workflow-port.ts";

const { workflows, workflowVersions, runs } = schema;

export type WorkflowStatus = "draft" | "active" | "inactive" | "archived";

/** One row of the workflows list. */
export interface WorkflowListItem {
  id: string;
  name: string;
  description: string;
  status: WorkflowStatus;
  activeVersion: number | null;
  latestVersion: number | null;
  draftRevision: number;
  updatedAt: string;
  lastRunAt: string | null;
  runs24h: number;
  failures24h: number;
}

/** The listing status: archived wins, then a live version, then "was ever published". */
export function statusOf(w: {
  archived: boolean;
  activeVersion: number | null;
  latestVersion: number | null;
}): WorkflowStatus {
  if (w.archived) return "archived";
  if (w.activeVersion !== null) return "active";
  return w.latestVersion !== null ? "inactive" : "draft";
}

/** Workflows with their run counts of the last 24 hours (by the database clock). */
export async function listWorkflows(
  db: DbOrTx,
  opts: { search?: string | undefined; includeArchived?: boolean | undefined } = {},
): Promise<WorkflowListItem[]> {
  const search = opts.search?.trim();
  const rows = await db
    .select({
      id: workflows.id,
      name: workflows.name,
      description: workflows.description,
      archived: workflows.archived,
      activeVersion: workflows.activeVersion,
      draftRevision: workflows.draftRevision,
      updatedAt: workflows.updatedAt,
      latestVersion: sql<
        number | null
      >`(select max(${workflowVersions.version}) from ${workflowVersions} where ${workflowVersions.workflowId} = ${workflows.id})`,
    })
    .from(workflows)
    .where(
      and(
        opts.includeArchived ? undefined : eq(workflows.archived, false),
        search
          ? or(ilike(workflows.name, `%${search}%`), ilike(workflows.description, `%${search}%`))
          : undefined,
      ),
    )
    .orderBy(desc(workflows.updatedAt));
  const stats = await queryRows<{
    workflow_id: string;
    last_run_at: Date | string | null;
    runs24h: number | string;
    failures24h: number | string;
  }>(
    db,
    sql`select ${runs.workflowId} as workflow_id, max(${runs.createdAt}) as last_run_at,
        count(*) filter (where ${runs.createdAt} > now() - interval '24 hours') as runs24h,
        count(*) filter (where ${runs.createdAt} > now() - interval '24 hours'
          and ${runs.status} in ('failed', 'dead')) as failures24h
        from ${runs} group by ${runs.workflowId}`,
  );
  const byId = new Map(stats.map((s) => [s.workflow_id, s]));
  return rows.map((r) => {
    const s = byId.get(r.id);
    const latestVersion = r.latestVersion === null ? null : Number(r.latestVersion);
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      status: statusOf({ ...r, latestVersion }),
      activeVersion: r.activeVersion,
      latestVersion,
      draftRevision: r.draftRevision,
      updatedAt: r.updatedAt.toISOString(),
      lastRunAt: s?.last_run_at ? new Date(s.last_run_at).toISOString() : null,
      runs24h: Number(s?.runs24h ?? 0),
      failures24h: Number(s?.failures24h ?? 0),
    };
  });
}

/** Creates a workflow from a graph, a template (fixture id) or a blank canvas. */
export async function createWorkflow(
  db: DbOrTx,
  input: {
    name: string;
    description?: string | undefined;
    graph?: unknown;
    templateId?: string | undefined;
  },
): Promise<{ id: string }> {
  let draft: Graph;
  if (input.graph !== undefined) draft = parseGraph(input.graph);
  else if (input.templateId !== undefined) {
    const template = fixtureGraph(input.templateId);
    if (!template)
      throw new RuntimeError(
        "BAD_REQUEST",
        `templateId: no template ${JSON.stringify(input.templateId)}`,
      );
    draft = template;
  } else draft = emptyGraph();
  const id = newId("wf");
  await db.insert(workflows).values({
    id,
    name: input.name,
    description: input.description ?? "",
    draft: draft as Record<string, unknown>,
  });
  return { id };
}

/** A workflow with its draft and published versions. */
export async function getWorkflow(db: DbOrTx, id: string) {
  const [w] = await db.select().from(workflows).where(eq(workflows.id, id));
  if (!w) throw notFound("workflow", id);
  const versions = await db
    .select({
      version: workflowVersions.version,
      note: workflowVersions.note,
      hash: workflowVersions.hash,
      author: workflowVersions.author,
      createdAt: workflowVersions.createdAt,
    })
    .from(workflowVersions)
    .where(eq(workflowVersions.workflowId, id))
    .orderBy(desc(workflowVersions.version));
  const latestVersion = versions[0]?.version ?? null;
  return {
    id: w.id,
    name: w.name,
    description: w.description,
    status: statusOf({ ...w, latestVersion }),
    draft: w.draft as Graph,
    draftRevision: w.draftRevision,
    activeVersion: w.activeVersion,
    versions: versions.map((v) => ({
      ...v,
      createdAt: v.createdAt.toISOString(),
      active: v.version === w.activeVersion,
    })),
  };
}

/**
 * Saves the draft if nobody saved since `baseRevision` (compare-and-set in one UPDATE, so
 * two editors can never silently overwrite each other).
 */
export async function saveDraft(
  db: DbOrTx,
  input: { id: string; graph: unknown; baseRevision: number },
): Promise<{ revision: number }> {
  const graph = parseGraph(input.graph);
  const updated = await db
    .update(workflows)
    .set({
      draft: graph,
      draftRevision: sql`${workflows.draftRevision} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(workflows.id, input.id), eq(workflows.draftRevision, input.baseRevision)))
    .returning({ revision: workflows.draftRevision });
  if (updated[0]) return { revision: updated[0].revision };
  const [current] = await db
    .select({ revision: workflows.draftRevision })
    .from(workflows)
    .where(eq(workflows.id, input.id));
  if (!current) throw notFound("workflow", input.id);
  throw new RuntimeError(
    "CONFLICT",
    `This draft was changed elsewhere (revision ${current.revision}). Reload to see the latest version.`,
  );
}

export async function renameWorkflow(
  db: DbOrTx,
  input: { id: string; name: string; description?: string | undefined },
): Promise<void> {
  const done = await db
    .update(workflows)
    .set({
      name: input.name,
      ...(input.description !== undefined ? { description: input.description } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(workflows.id, input.id))
    .returning({ id: workflows.id });
  if (done.length === 0) throw notFound("workflow", input.id);
}

/** A new workflow whose draft is a copy of this one's draft (never its versions). */
export async function duplicateWorkflow(db: DbOrTx, id: string): Promise<{ id: string }> {
  const [w] = await db.select().from(workflows).where(eq(workflows.id, id));
  if (!w) throw notFound("workflow", id);
  return createWorkflow(db, {
    name: `${w.name} (copy)`,
    description: w.description,
    graph: w.draft,
  });
}
